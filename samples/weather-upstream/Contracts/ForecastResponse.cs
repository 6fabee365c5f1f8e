namespace Tollgate.SampleWeather.Contracts;

/// <summary>Daily forecast starting with today (UTC).</summary>
/// <param name="City">The city as requested, trimmed.</param>
/// <param name="Days">Number of entries in <paramref name="Forecast"/>.</param>
/// <param name="Forecast">One entry per day, in date order.</param>
internal sealed record ForecastResponse(string City, int Days, IReadOnlyList<DailyForecast> Forecast);
