namespace Tollgate.SampleWeather.Weather;

/// <summary>
/// Deterministic synthetic weather: every value is a pure function of the normalized city name and the
/// UTC day or hour, so any process on any machine returns the same numbers for the same request.
/// The model is crude but self-consistent (seasons, day/night curve, clouds driving rain and humidity),
/// which makes the numbers look plausible in demos without any external data.
/// </summary>
internal static class WeatherSimulator
{
    // A separate salt per quantity gives each its own random stream, so tweaking one never shifts another.
    private const string ClimateSalt = "climate";
    private const string DaySalt = "day";
    private const string HourSalt = "hour";

    // Warmest day of the year in the north (about 19 July); the south peaks half a year later.
    private const double NorthernPeakDayOfYear = 200;
    private const double DaysPerYear = 365.2425;

    // Lows come around dawn and highs mid-afternoon; hourly temperatures ease between them.
    private const int LowHour = 5;
    private const int HighHour = 15;
    private const int HoursHighToLow = 24 - HighHour + LowHour;

    /// <summary>The climate of a city; case and surrounding whitespace do not change it.</summary>
    internal static CityClimate Climate(string city)
    {
        var key = city.Trim().ToLowerInvariant();
        var random = StableRandom.Create(ClimateSalt, key);
        var meanTempC = Lerp(-4, 27, random.NextDouble());
        // Tropical places barely have seasons, so damp the yearly swing for warm climates.
        var seasonalAmplitudeC = Lerp(2, 14, random.NextDouble()) * (meanTempC > 20 ? 0.35 : 1.0);
        return new CityClimate(
            key,
            meanTempC,
            seasonalAmplitudeC,
            DiurnalRangeC: Lerp(5, 13, random.NextDouble()),
            Humidity: Lerp(40, 85, random.NextDouble()),
            Wetness: Lerp(0.1, 0.6, random.NextDouble()),
            WindKph: Lerp(8, 24, random.NextDouble()),
            SouthernHemisphere: random.NextDouble() < 0.2);
    }

    /// <summary>The weather of one UTC day. Past and future days use the same model, so a forecast
    /// for a date later matches the historical record for it.</summary>
    internal static DaySample Day(CityClimate climate, DateOnly date)
    {
        var random = StableRandom.Create(DaySalt, climate.Key, date.DayNumber);

        // Every draw happens unconditionally and in a fixed order, so no branch can shift later values.
        var temperatureNoise = random.NextDouble();
        var cloudRoll = random.NextDouble();
        var rangeRoll = random.NextDouble();
        var precipitationRoll = random.NextDouble();
        var amountRoll = random.NextDouble();
        var humidityRoll = random.NextDouble();
        var windRoll = random.NextDouble();

        var peakDay = climate.SouthernHemisphere ? NorthernPeakDayOfYear + (DaysPerYear / 2) : NorthernPeakDayOfYear;
        var season = Math.Cos(2 * Math.PI * (date.DayOfYear - peakDay) / DaysPerYear);
        var meanTempC = climate.MeanTempC + (climate.SeasonalAmplitudeC * season) + Lerp(-3.5, 3.5, temperatureNoise);

        // Clouds drive the rest: wetter climates get cloudier days, clouds bring rain, raise humidity
        // and narrow the gap between night and day.
        var cloudCover = Math.Clamp(cloudRoll * (0.5 + climate.Wetness), 0, 1);
        var rangeC = climate.DiurnalRangeC * Lerp(0.7, 1.2, rangeRoll) * (1 - (0.5 * cloudCover));
        var precipitationChance = cloudCover <= 0.4 ? 0 : (cloudCover - 0.4) / 0.6 * 100;
        // Squaring skews amounts toward drizzle with the occasional downpour, as in real rainfall.
        var precipitationMm = precipitationRoll * 100 < precipitationChance ? Lerp(0.2, 25, amountRoll * amountRoll) : 0;
        var humidity = Math.Clamp(climate.Humidity + (25 * cloudCover) - 10 + Lerp(-6, 6, humidityRoll), 15, 100);
        var windKph = (climate.WindKph * Lerp(0.6, 1.5, windRoll)) + (precipitationMm > 0 ? 5 : 0);

        var minTempC = meanTempC - (rangeC / 2);
        var maxTempC = meanTempC + (rangeC / 2);
        var condition = DailyCondition(meanTempC, maxTempC, cloudCover, precipitationMm, humidity, windKph);
        return new DaySample(date, minTempC, maxTempC, humidity, windKph, precipitationChance, precipitationMm, condition);
    }

    /// <summary>The weather of one UTC hour; <paramref name="hourUtc"/> must be a whole hour.</summary>
    internal static HourSample Hour(CityClimate climate, DateTimeOffset hourUtc)
    {
        var date = DateOnly.FromDateTime(hourUtc.UtcDateTime);
        var hour = hourUtc.Hour;
        var today = Day(climate, date);

        // Ease from the previous extreme to the next one, borrowing yesterday's high or tomorrow's low
        // at night so the curve stays continuous across midnight.
        var temperatureC = hour switch
        {
            < LowHour => Ease(Day(climate, date.AddDays(-1)).MaxTempC, today.MinTempC, (hour + 24 - HighHour) / (double)HoursHighToLow),
            < HighHour => Ease(today.MinTempC, today.MaxTempC, (hour - LowHour) / (double)(HighHour - LowHour)),
            _ => Ease(today.MaxTempC, Day(climate, date.AddDays(1)).MinTempC, (hour - HighHour) / (double)HoursHighToLow),
        };

        var random = StableRandom.Create(HourSalt, climate.Key, date.DayNumber, hour);
        var temperatureNoise = random.NextDouble();
        var humidityRoll = random.NextDouble();
        var windRoll = random.NextDouble();
        var chanceRoll = random.NextDouble();
        var rainRoll = random.NextDouble();

        temperatureC += Lerp(-0.3, 0.3, temperatureNoise);
        // Relative humidity peaks in the cool of the night and dips in the warm afternoon.
        var dayMeanC = (today.MinTempC + today.MaxTempC) / 2;
        var humidity = Math.Clamp(today.Humidity + (1.5 * (dayMeanC - temperatureC)) + Lerp(-3, 3, humidityRoll), 10, 100);
        // The daily wind is the peak; it is reached with daytime mixing and eases off at night.
        var daytime = Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 12));
        var windKph = today.WindKph * Lerp(0.45, 1.0, (0.6 * daytime) + (0.4 * windRoll));
        var precipitationChance = Math.Clamp(today.PrecipitationChance * Lerp(0.6, 1.3, chanceRoll), 0, 100);
        // On a wet day only some hours are wet; the dry ones are merely overcast.
        var condition = today.PrecipitationMm > 0 && rainRoll * 100 >= precipitationChance
            ? WeatherConditions.Cloudy
            : today.Condition;

        var feelsLikeC = ApparentTemperatureC(temperatureC, humidity, windKph);
        return new HourSample(hourUtc, temperatureC, feelsLikeC, humidity, windKph, precipitationChance, condition);
    }

    private static string DailyCondition(
        double meanTempC, double maxTempC, double cloudCover, double precipitationMm, double humidity, double windKph)
    {
        if (precipitationMm > 0)
        {
            if (meanTempC <= 0.5)
            {
                return WeatherConditions.Snow;
            }

            if (precipitationMm >= 12 && maxTempC >= 18)
            {
                return WeatherConditions.Thunderstorm;
            }

            return precipitationMm >= 4 ? WeatherConditions.Rain : WeatherConditions.LightRain;
        }

        if (humidity >= 92 && windKph < 12)
        {
            return WeatherConditions.Fog;
        }

        return cloudCover switch
        {
            < 0.25 => WeatherConditions.Clear,
            < 0.6 => WeatherConditions.PartlyCloudy,
            _ => WeatherConditions.Cloudy,
        };
    }

    // Steadman's apparent temperature as used by the Australian Bureau of Meteorology: one formula
    // covers both wind chill and muggy heat, so "feels like" has no seams between regimes.
    private static double ApparentTemperatureC(double temperatureC, double humidity, double windKph)
    {
        var vapourPressureHpa = humidity / 100 * 6.105 * Math.Exp(17.27 * temperatureC / (237.7 + temperatureC));
        var windMs = windKph / 3.6;
        return temperatureC + (0.33 * vapourPressureHpa) - (0.70 * windMs) - 4.00;
    }

    private static double Lerp(double from, double to, double fraction) => from + ((to - from) * fraction);

    // Cosine easing: flat near the extremes and steepest in between, like a real daily temperature curve.
    private static double Ease(double from, double to, double fraction) => Lerp(from, to, (1 - Math.Cos(Math.PI * fraction)) / 2);
}
