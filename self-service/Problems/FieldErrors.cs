using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.SelfService.Problems;

/// <summary>What is wrong with a request, field by field (snake_case names, as on the wire).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when at least one field is wrong.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>True when <paramref name="field"/> is the only wrong field.</summary>
    public bool OnlyAbout(string field) => _errors.Count == 1 && _errors.ContainsKey(field);

    /// <summary>Records that <paramref name="field"/> is wrong and why.</summary>
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>The 400 answer naming every wrong field.</summary>
    public ValidationProblem ToResult(ProblemKind? kind = null)
    {
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        var detail = "Invalid " + string.Join(", ", errors.Keys.Select(k => $"'{k}'")) + ": " +
            string.Join(" ", errors.Values.SelectMany(m => m));
        return (kind ?? ProblemCatalog.ValidationFailed).Result(detail, errors);
    }

    /// <summary>A one-field answer.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "One field, not the type Single.")]
    public static ValidationProblem Single(string field, string message, ProblemKind? kind = null)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors.ToResult(kind);
    }
}
