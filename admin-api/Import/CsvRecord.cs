namespace Tollgate.AdminApi.Import;

/// <summary>One record of a CSV file.</summary>
/// <param name="Line">Line the record starts on, from 1.</param>
/// <param name="Fields">Its fields, unquoted.</param>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);
