using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tollgate.ServiceDefaults.Problems;

/// <summary>A <see cref="ProblemKind"/> of the one catalogue as an endpoint result, the same way in every service.</summary>
public static class ProblemKindResults
{
    /// <summary>This problem with <paramref name="detail"/> and optional extension members.</summary>
    public static ProblemHttpResult Result(this ProblemKind kind, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: kind.Status, title: kind.Title, type: kind.Type, extensions: extensions);

    /// <summary>This problem with an <c>errors</c> member: field name to what is wrong with it.</summary>
    public static ValidationProblem Result(this ProblemKind kind, string detail, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail, title: kind.Title, type: kind.Type);
}
