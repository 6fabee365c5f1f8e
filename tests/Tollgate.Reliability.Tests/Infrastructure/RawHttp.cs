using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// Sends bytes to a server exactly as given, for what HttpClient refuses to send (control characters, raw
/// CR/LF, non-ASCII header bytes, dot segments, over-long lines), and reads the answer.
/// </summary>
public static class RawHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A GET of <paramref name="target"/> (sent as is) with the given header lines (each sent as is, so a line may
    /// carry raw CR/LF) and <c>Connection: close</c>, as UTF-8 bytes.
    /// </summary>
    public static byte[] Get(string target, params string[] headerLines)
    {
        var text = new StringBuilder()
            .Append("GET ").Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1\r\n");
        foreach (var line in headerLines)
        {
            text.Append(line).Append("\r\n");
        }
        text.Append("Connection: close\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="server"/> and reads until the server closes the connection.
    /// Reading starts before writing: a server that answers early (413 on a declared length) and then closes the
    /// connection resets it, and an answer not read by then could be lost.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        var reading = ReadToEndAsync(stream, timeout.Token);
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server answered and closed before reading all of an over-long request.
        }
        return Parse(await reading);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset after the answer: keep what arrived.
        }
        return received.ToArray();
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (text.Length == 0 || end < 0)
        {
            return new RawResponse(0, [], text);
        }
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""))
            .ToList();
        var body = text[(end + 4)..];
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Dechunk(body);
        }
        return new RawResponse(status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }
            var size = int.Parse(body.AsSpan(position, lineEnd - position).ToString().Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }
            // Sizes count bytes; the bodies here are ASCII JSON, so characters will do.
            result.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            position = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
