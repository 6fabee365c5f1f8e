namespace Tollgate.SampleWeather.Weather;

/// <summary>Condition codes as they appear in responses (snake_case, like the rest of the JSON).</summary>
internal static class WeatherConditions
{
    internal const string Clear = "clear";
    internal const string PartlyCloudy = "partly_cloudy";
    internal const string Cloudy = "cloudy";
    internal const string Fog = "fog";
    internal const string LightRain = "light_rain";
    internal const string Rain = "rain";
    internal const string Thunderstorm = "thunderstorm";
    internal const string Snow = "snow";
}
