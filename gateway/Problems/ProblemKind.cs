using Microsoft.AspNetCore.Http.HttpResults;

namespace Tollgate.Gateway.Problems;

/// <summary>One kind of error answer: its status, its stable RFC 9457 <c>type</c> and its title.</summary>
internal sealed record ProblemKind(int Status, string Slug, string Title)
{
    /// <summary>Stable type URI clients can switch on.</summary>
    public string Type { get; } = "urn:tollgate:problem:" + Slug;

    /// <summary>This problem as an endpoint result.</summary>
    public ProblemHttpResult ToResult(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: Status, title: Title, type: Type, extensions: extensions);
}
