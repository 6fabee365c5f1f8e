using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Tollgate.Core.Limiting;

/// <summary>
/// Typed wrapper of <c>Scripts/sliding_window.lua</c>: sends it by SHA (EVALSHA) and falls back to
/// EVAL only when a Redis node has not seen it yet, so a request normally costs one short command.
/// </summary>
internal sealed class SlidingWindowScript
{
    private const string ResourceName = "Tollgate.Core.Limiting.Scripts.sliding_window.lua";

    public SlidingWindowScript()
    {
        using var stream = typeof(SlidingWindowScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded script {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Source = reader.ReadToEnd();
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by, not a security measure.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Source));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>SHA-1 of the source, as EVALSHA wants it.</summary>
    public byte[] Sha1 { get; }

    /// <summary>Runs the script; see the script's header for the layout of keys, arguments and result.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await database.ScriptEvaluateAsync(Sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // First call on this node (or after SCRIPT FLUSH / a restart): EVAL loads it for next time.
            return await database.ScriptEvaluateAsync(Source, keys, args).ConfigureAwait(false);
        }
    }
}
