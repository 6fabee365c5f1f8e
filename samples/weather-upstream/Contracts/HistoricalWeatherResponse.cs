namespace Tollgate.SampleWeather.Contracts;

/// <summary>Recorded weather for a past UTC day.</summary>
/// <param name="City">The city as requested, trimmed.</param>
/// <param name="Date">The day (yyyy-MM-dd).</param>
/// <param name="TempMinC">Low in degrees Celsius.</param>
/// <param name="TempMaxC">High in degrees Celsius.</param>
/// <param name="TempAvgC">Mean of low and high in degrees Celsius.</param>
/// <param name="Humidity">Mean relative humidity in percent, 0..100.</param>
/// <param name="WindKph">Peak sustained wind speed in km/h.</param>
/// <param name="PrecipitationMm">Measured precipitation in millimetres.</param>
/// <param name="Condition">Dominant condition code for the day.</param>
internal sealed record HistoricalWeatherResponse(
    string City,
    DateOnly Date,
    double TempMinC,
    double TempMaxC,
    double TempAvgC,
    int Humidity,
    double WindKph,
    double PrecipitationMm,
    string Condition);
