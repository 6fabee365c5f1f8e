namespace Tollgate.SampleWeather.Contracts;

/// <summary>Hourly forecast starting with the current UTC hour.</summary>
/// <param name="City">The city as requested, trimmed.</param>
/// <param name="Hours">Number of entries in <paramref name="Forecast"/>.</param>
/// <param name="Forecast">One entry per hour, in time order.</param>
internal sealed record HourlyForecastResponse(string City, int Hours, IReadOnlyList<HourlyForecast> Forecast);
