namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>One request as an upstream received it.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Path, string Query, IReadOnlyDictionary<string, string[]> Headers);
