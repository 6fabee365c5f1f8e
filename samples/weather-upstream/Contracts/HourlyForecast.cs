namespace Tollgate.SampleWeather.Contracts;

/// <summary>Weather for one UTC hour.</summary>
/// <param name="Time">Start of the hour (UTC).</param>
/// <param name="TemperatureC">Air temperature in degrees Celsius.</param>
/// <param name="FeelsLikeC">Apparent temperature in degrees Celsius.</param>
/// <param name="Humidity">Relative humidity in percent, 0..100.</param>
/// <param name="WindKph">Sustained wind speed in km/h.</param>
/// <param name="PrecipitationChance">Chance of precipitation in percent, 0..100.</param>
/// <param name="Condition">Condition code for the hour.</param>
internal sealed record HourlyForecast(
    DateTimeOffset Time,
    double TemperatureC,
    double FeelsLikeC,
    int Humidity,
    double WindKph,
    int PrecipitationChance,
    string Condition);
