namespace Tollgate.ServiceDefaults.Problems;

/// <summary>
/// One kind of error answer, the same in every service: its HTTP status, its stable RFC 9457 <c>type</c> and its
/// title. Services turn it into a response (<see cref="ProblemKindResults"/>).
/// </summary>
public sealed record ProblemKind(int Status, string Slug, string Title)
{
    /// <summary>What every problem type starts with.</summary>
    public const string TypePrefix = "urn:tollgate:problem:";

    /// <summary>Stable type URI clients can switch on.</summary>
    public string Type { get; } = TypePrefix + Slug;
}
