namespace Tollgate.SampleWeather.Weather;

/// <summary>Unrounded model output for one UTC day; endpoints round when mapping to contracts.</summary>
internal readonly record struct DaySample(
    DateOnly Date,
    double MinTempC,
    double MaxTempC,
    double Humidity,
    double WindKph,
    double PrecipitationChance,
    double PrecipitationMm,
    string Condition);
