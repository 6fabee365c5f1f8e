using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.SampleWeather.Contracts;

namespace Tollgate.SampleWeather.Serialization;

/// <summary>
/// Source-generated serializers for every response contract: no reflection on the hot path and
/// no warm-up cost on the first request. Snake case matches the HTTP JSON options in Program.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CurrentWeatherResponse))]
[JsonSerializable(typeof(ForecastResponse))]
[JsonSerializable(typeof(HourlyForecastResponse))]
[JsonSerializable(typeof(HistoricalWeatherResponse))]
[JsonSerializable(typeof(EchoHeadersResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class WeatherJsonContext : JsonSerializerContext
{
}
