namespace Tollgate.SampleWeather.Contracts;

/// <summary>Current conditions for a city, as observed at the start of the current UTC hour.</summary>
/// <param name="City">The city as requested, trimmed.</param>
/// <param name="TemperatureC">Air temperature in degrees Celsius.</param>
/// <param name="FeelsLikeC">Apparent temperature (humidity and wind adjusted) in degrees Celsius.</param>
/// <param name="Humidity">Relative humidity in percent, 0..100.</param>
/// <param name="WindKph">Sustained wind speed in km/h.</param>
/// <param name="Condition">Condition code, e.g. <c>clear</c>, <c>partly_cloudy</c>, <c>rain</c>.</param>
/// <param name="ObservedAt">Observation time: "now" truncated to the hour, so the body is stable within an hour.</param>
internal sealed record CurrentWeatherResponse(
    string City,
    double TemperatureC,
    double FeelsLikeC,
    int Humidity,
    double WindKph,
    string Condition,
    DateTimeOffset ObservedAt);
