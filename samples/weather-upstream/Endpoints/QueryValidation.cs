using System.Globalization;

namespace Tollgate.SampleWeather.Endpoints;

/// <summary>
/// Query parameters are parsed by hand rather than bound as <see cref="int"/> or <see cref="DateOnly"/>:
/// framework binding rejects a bad value with a bare 400 that does not say which parameter was wrong.
/// Errors accumulate in a lazily created dictionary so one response can name every bad parameter.
/// </summary>
internal static class QueryValidation
{
    internal const int MaxCityLength = 100;

    /// <summary>The trimmed city; an error is recorded if it is missing, blank or too long.</summary>
    internal static string City(string? raw, ref Dictionary<string, string[]>? errors)
    {
        var city = raw?.Trim() ?? string.Empty;
        if (city.Length == 0)
        {
            AddError(ref errors, "city", "The city query parameter is required.");
        }
        else if (city.Length > MaxCityLength)
        {
            AddError(ref errors, "city", $"The city query parameter must be at most {MaxCityLength} characters.");
        }

        return city;
    }

    /// <summary>An integer in [min, max]; absent or empty means the default, as with framework binding of int?.</summary>
    internal static int IntInRange(
        string name, string? raw, int defaultValue, int min, int max, ref Dictionary<string, string[]>? errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return defaultValue;
        }

        // NumberStyles.None: no signs, spaces or thousands separators, only plain digits.
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        AddError(ref errors, name, $"The {name} query parameter must be an integer from {min} to {max}.");
        return defaultValue;
    }

    /// <summary>A yyyy-MM-dd date strictly before <paramref name="today"/>; absent or empty means yesterday.</summary>
    internal static DateOnly PastDate(string name, string? raw, DateOnly today, ref Dictionary<string, string[]>? errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return today.AddDays(-1);
        }

        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            AddError(ref errors, name, $"The {name} query parameter must be a date in yyyy-MM-dd format.");
            return today.AddDays(-1);
        }

        if (date >= today)
        {
            AddError(ref errors, name, $"The {name} query parameter must be a date in the past (before today, UTC).");
        }

        return date;
    }

    private static void AddError(ref Dictionary<string, string[]>? errors, string name, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[name] = [message];
    }
}
