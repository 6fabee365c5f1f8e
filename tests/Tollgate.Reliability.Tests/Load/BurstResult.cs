using System.Net;

namespace Tollgate.Reliability.Tests.Load;

/// <summary>What a burst got back.</summary>
internal sealed record BurstResult(IReadOnlyList<(HttpStatusCode Status, string? Window)> Answers)
{
    public int Admitted => Answers.Count(a => a.Status == HttpStatusCode.OK);

    public int Limited => Answers.Count(a => a.Status == HttpStatusCode.TooManyRequests);

    /// <summary>Statuses other than 200 and 429, with their counts, e.g. "503×2"; empty when there are none.</summary>
    public string Unexpected => string.Join(", ", Answers
        .Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests))
        .GroupBy(a => (int)a.Status)
        .Select(g => $"{g.Key}×{g.Count()}"));

    /// <summary>The windows the 429s named, distinct.</summary>
    public IReadOnlyList<string> LimitingWindows => [.. Answers.Where(a => a.Window is not null).Select(a => a.Window!).Distinct()];
}
