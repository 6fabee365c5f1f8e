namespace Tollgate.SampleWeather.Weather;

/// <summary>Unrounded model output for one UTC hour; endpoints round when mapping to contracts.</summary>
internal readonly record struct HourSample(
    DateTimeOffset Time,
    double TemperatureC,
    double FeelsLikeC,
    double Humidity,
    double WindKph,
    double PrecipitationChance,
    string Condition);
