using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tollgate.SampleWeather.Contracts;
using Tollgate.SampleWeather.Weather;

namespace Tollgate.SampleWeather.Endpoints;

/// <summary>
/// The weather API. Paths carry the full /api/v3/weather prefix because the gateway forwards
/// paths unchanged. All dates and hours are UTC, taken from the injected <see cref="TimeProvider"/>
/// so tests can pin "now".
/// </summary>
internal static class WeatherEndpoints
{
    internal const string RoutePrefix = "/api/v3/weather";

    internal const int DefaultForecastDays = 7;
    internal const int MaxForecastDays = 16;
    internal const int DefaultForecastHours = 24;
    internal const int MaxForecastHours = 48;

    internal static IEndpointRouteBuilder MapWeatherApi(this IEndpointRouteBuilder endpoints)
    {
        var weather = endpoints.MapGroup(RoutePrefix);
        weather.MapGet("/current", GetCurrent).WithName("GetCurrentWeather");
        weather.MapGet("/forecast", GetForecast).WithName("GetDailyForecast");
        weather.MapGet("/forecast/hourly", GetHourlyForecast).WithName("GetHourlyForecast");
        weather.MapGet("/historical", GetHistorical).WithName("GetHistoricalWeather");
        return endpoints;
    }

    internal static Results<Ok<CurrentWeatherResponse>, ValidationProblem> GetCurrent(
        [FromQuery] string? city, TimeProvider timeProvider)
    {
        Dictionary<string, string[]>? errors = null;
        var name = QueryValidation.City(city, ref errors);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Observing at the top of the hour keeps the body byte-identical for a whole hour.
        var sample = WeatherSimulator.Hour(WeatherSimulator.Climate(name), StartOfHour(timeProvider.GetUtcNow()));
        return TypedResults.Ok(new CurrentWeatherResponse(
            name,
            Round1(sample.TemperatureC),
            Round1(sample.FeelsLikeC),
            Percent(sample.Humidity),
            Round1(sample.WindKph),
            sample.Condition,
            sample.Time));
    }

    internal static Results<Ok<ForecastResponse>, ValidationProblem> GetForecast(
        [FromQuery] string? city, [FromQuery] string? days, TimeProvider timeProvider)
    {
        Dictionary<string, string[]>? errors = null;
        var name = QueryValidation.City(city, ref errors);
        var count = QueryValidation.IntInRange("days", days, DefaultForecastDays, 1, MaxForecastDays, ref errors);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var climate = WeatherSimulator.Climate(name);
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var forecast = new DailyForecast[count];
        for (var i = 0; i < count; i++)
        {
            forecast[i] = ToDailyForecast(WeatherSimulator.Day(climate, today.AddDays(i)));
        }

        return TypedResults.Ok(new ForecastResponse(name, count, forecast));
    }

    internal static Results<Ok<HourlyForecastResponse>, ValidationProblem> GetHourlyForecast(
        [FromQuery] string? city, [FromQuery] string? hours, TimeProvider timeProvider)
    {
        Dictionary<string, string[]>? errors = null;
        var name = QueryValidation.City(city, ref errors);
        var count = QueryValidation.IntInRange("hours", hours, DefaultForecastHours, 1, MaxForecastHours, ref errors);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var climate = WeatherSimulator.Climate(name);
        var start = StartOfHour(timeProvider.GetUtcNow());
        var forecast = new HourlyForecast[count];
        for (var i = 0; i < count; i++)
        {
            var sample = WeatherSimulator.Hour(climate, start.AddHours(i));
            forecast[i] = new HourlyForecast(
                sample.Time,
                Round1(sample.TemperatureC),
                Round1(sample.FeelsLikeC),
                Percent(sample.Humidity),
                Round1(sample.WindKph),
                Percent(sample.PrecipitationChance),
                sample.Condition);
        }

        return TypedResults.Ok(new HourlyForecastResponse(name, count, forecast));
    }

    internal static Results<Ok<HistoricalWeatherResponse>, ValidationProblem> GetHistorical(
        [FromQuery] string? city, [FromQuery] string? date, TimeProvider timeProvider)
    {
        Dictionary<string, string[]>? errors = null;
        var name = QueryValidation.City(city, ref errors);
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var day = QueryValidation.PastDate("date", date, today, ref errors);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sample = WeatherSimulator.Day(WeatherSimulator.Climate(name), day);
        return TypedResults.Ok(new HistoricalWeatherResponse(
            name,
            sample.Date,
            Round1(sample.MinTempC),
            Round1(sample.MaxTempC),
            Round1((sample.MinTempC + sample.MaxTempC) / 2),
            Percent(sample.Humidity),
            Round1(sample.WindKph),
            Round1(sample.PrecipitationMm),
            sample.Condition));
    }

    private static DailyForecast ToDailyForecast(DaySample sample) => new(
        sample.Date,
        Round1(sample.MinTempC),
        Round1(sample.MaxTempC),
        Percent(sample.Humidity),
        Round1(sample.WindKph),
        Percent(sample.PrecipitationChance),
        Round1(sample.PrecipitationMm),
        sample.Condition);

    private static DateTimeOffset StartOfHour(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static double Round1(double value)
    {
        // Rounding a small negative gives -0, which would serialize as "-0"; report it as 0.
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? 0 : rounded;
    }

    private static int Percent(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
