using Microsoft.AspNetCore.Http.HttpResults;

namespace Tollgate.AdminApi.Problems;

/// <summary>One kind of error answer: its status, its stable RFC 9457 <c>type</c> and its title.</summary>
internal sealed record ProblemKind(int Status, string Slug, string Title)
{
    /// <summary>What every problem type starts with, as in the gateway.</summary>
    public const string TypePrefix = "urn:tollgate:problem:";

    /// <summary>Stable type URI clients can switch on.</summary>
    public string Type { get; } = TypePrefix + Slug;

    /// <summary>This problem as an endpoint result, with <paramref name="detail"/> and optional extension members.</summary>
    public ProblemHttpResult Result(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: Status, title: Title, type: Type, extensions: extensions);

    /// <summary>This problem with an <c>errors</c> member: field name to what is wrong with it.</summary>
    public ValidationProblem Result(string detail, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail, title: Title, type: Type);
}
