namespace Tollgate.SampleWeather.Weather;

/// <summary>Long-term character of a city, from which each day's weather is drawn.</summary>
/// <param name="Key">Normalized city name that seeds every random stream for this city.</param>
/// <param name="MeanTempC">Annual mean temperature.</param>
/// <param name="SeasonalAmplitudeC">Swing of the daily mean between midsummer and midwinter.</param>
/// <param name="DiurnalRangeC">Typical gap between a clear day's low and high.</param>
/// <param name="Humidity">Typical relative humidity in percent.</param>
/// <param name="Wetness">0..1; higher means cloudier, rainier days.</param>
/// <param name="WindKph">Typical peak wind.</param>
/// <param name="SouthernHemisphere">Whether the seasons are reversed.</param>
internal readonly record struct CityClimate(
    string Key,
    double MeanTempC,
    double SeasonalAmplitudeC,
    double DiurnalRangeC,
    double Humidity,
    double Wetness,
    double WindKph,
    bool SouthernHemisphere);
