using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Problems;

/// <summary>
/// Turns what a request can make the framework throw into a 4xx problem naming the cause: malformed JSON,
/// a JSON value of the wrong type, an unknown field, a query value that is not a number, a body too large,
/// the wrong media type; anything else is a bug and a logged 500. A store fault never gets here: the handler every
/// service shares (<see cref="StoreUnavailableExceptionHandler"/>, registered before this one) answers it with 503.
/// </summary>
internal sealed partial class AdminExceptionHandler(IProblemDetailsService problemDetails, ILogger<AdminExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone; there is nobody to answer.
            return true;
        }

        var (kind, detail, errors) = Describe(exception);
        if (kind == ProblemCatalog.InternalError)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, exception);
        }

        var problem = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }
        context.Response.StatusCode = kind.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (ProblemKind Kind, string Detail, Dictionary<string, string[]>? Errors) Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (ProblemCatalog.PayloadTooLarge, "The request body is larger than this endpoint accepts.", null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (ProblemCatalog.UnsupportedMediaType, "Send the body as application/json.", null),
        BadHttpRequestException { InnerException: JsonException json } => DescribeJson(json),
        BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } match => DescribeBinding(match),
        BadHttpRequestException bad => (ProblemCatalog.MalformedRequest, bad.Message, null),
        _ => (ProblemCatalog.InternalError, "An unexpected error occurred; it has been logged.", null),
    };

    private static (ProblemKind, string, Dictionary<string, string[]>) DescribeJson(JsonException json)
    {
        var field = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
        var unknownMember = UnmappedMember().Match(json.Message);
        string message;
        if (unknownMember.Success)
        {
            field = unknownMember.Groups["name"].Value;
            message = $"'{field}' is not a field of this request (fields are snake_case).";
        }
        else if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = $"The value of '{field}' has the wrong type or format (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).";
        }
        else
        {
            message = $"The body is not valid JSON (near '{field}', line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).";
        }
        return (ProblemCatalog.MalformedRequest, message, new() { [field] = [message] });
    }

    private static (ProblemKind, string, Dictionary<string, string[]>) DescribeBinding(Match match)
    {
        var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value);
        var expected = match.Groups["type"].Value switch
        {
            "int" or "int?" or "long" or "long?" or "Nullable<int>" or "Nullable<long>" => "a whole number",
            var other => "of type " + other,
        };
        var message = $"'{field}' must be {expected}, not \"{match.Groups["value"].Value}\".";
        return (ProblemCatalog.MalformedRequest, message, new() { [field] = [message] });
    }

    // The framework's message for a query or route value it cannot convert: Failed to bind parameter "int? page" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[A-Za-z0-9_]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^The JSON property '(?<name>[^']*)' could not be mapped""")]
    private static partial Regex UnmappedMember();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled error answering {Method} {Path}.")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
