namespace Tollgate.SampleWeather.Contracts;

/// <summary>Weather for one UTC calendar day.</summary>
/// <param name="Date">The day (yyyy-MM-dd).</param>
/// <param name="TempMinC">Overnight low in degrees Celsius.</param>
/// <param name="TempMaxC">Daytime high in degrees Celsius.</param>
/// <param name="Humidity">Mean relative humidity in percent, 0..100.</param>
/// <param name="WindKph">Peak sustained wind speed in km/h.</param>
/// <param name="PrecipitationChance">Chance of precipitation in percent, 0..100.</param>
/// <param name="PrecipitationMm">Expected precipitation in millimetres.</param>
/// <param name="Condition">Dominant condition code for the day.</param>
internal sealed record DailyForecast(
    DateOnly Date,
    double TempMinC,
    double TempMaxC,
    int Humidity,
    double WindKph,
    int PrecipitationChance,
    double PrecipitationMm,
    string Condition);
