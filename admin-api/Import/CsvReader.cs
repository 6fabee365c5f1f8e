using System.Text;

namespace Tollgate.AdminApi.Import;

/// <summary>
/// Reads RFC 4180 CSV as spreadsheets write it: comma-separated, fields optionally in double quotes (a quote
/// inside doubled), line breaks inside quotes kept, CRLF, LF or CR line ends, a leading BOM ignored, blank
/// lines skipped. Lenient where files in the wild are sloppy: text after a closing quote is kept, an
/// unterminated quote runs to the end of the file.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var position = text.StartsWith('\uFEFF') ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var startLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var inQuotes = false;
            var fieldStart = true;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position++];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            field.Append('"');
                            position++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        if (IsLineEnd(c, text, ref position))
                        {
                            line++;
                        }
                        field.Append(c);
                    }
                    continue;
                }
                switch (c)
                {
                    case '"' when fieldStart:
                        inQuotes = true;
                        fieldStart = false;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldStart = true;
                        break;
                    case '\r' or '\n':
                        IsLineEnd(c, text, ref position);
                        line++;
                        endOfRecord = true;
                        break;
                    default:
                        field.Append(c);
                        fieldStart = false;
                        break;
                }
            }
            fields.Add(field.ToString());
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                yield return new CsvRecord(startLine, fields);
            }
        }
    }

    /// <summary>True for a line end; a CRLF pair is consumed as one.</summary>
    private static bool IsLineEnd(char c, string text, ref int position)
    {
        if (c == '\r' && position < text.Length && text[position] == '\n')
        {
            position++;
            return true;
        }
        return c is '\r' or '\n';
    }
}
