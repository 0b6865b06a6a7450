using System.Globalization;

namespace CitySense.Capacity;

/// <summary>The capacity command's arguments: a workload, the stage to compare it with, and where that stage's settings are.</summary>
internal sealed record CommandLine(Workload Workload, string Stage, string? SettingsPath)
{
    public const string Usage = """
        usage: capacity --sensors-per-city N[,N...] [--cities N] --interval DURATION --latest-reads R [options]

          --cities N                 number of cities, each with --sensors-per-city sensors (omit with a list)
          --sensors-per-city N|LIST  sensors in each city, or one count per city (6,4,4)
          --interval DURATION        every sensor sends one reading this often: 10s, 1m, 60 (seconds)
          --latest-reads R           latest-reading requests per second over all readers
          --stage dev|staging|prod   stage to compare with, from bicep/stages/<stage>.settings.json (prod)
          --settings FILE            a stage settings file instead of --stage
          --partitioning KEY         sensors container: id (/id, default), city-id (/city + /id), city (/city)
          --readings-per-request N   readings per ingest request: 1 (default), up to 500 with the batch API
          --peak-factor F            hourly peak / average of every rate (1.5)
          --webhooks-per-reading F   future: webhook deliveries per reading (0)
          --aggregate-reads R        future: aggregate reads per second (0)
        """;

    /// <exception cref="ArgumentException">An argument is missing, unknown or out of range; the message says which.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --option value, found '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Optional(string name) => values.Remove(name, out var value) ? value : null;
        string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required.");

        var sensors = Required("sensors-per-city").Split(',').Select(count => PositiveInteger("sensors-per-city", count)).ToList();
        if (Optional("cities") is { } cities)
        {
            var count = PositiveInteger("cities", cities);
            if (sensors.Count == 1)
            {
                sensors = Enumerable.Repeat(sensors[0], count).ToList();
            }
            else if (sensors.Count != count)
            {
                throw new ArgumentException($"--cities {count} does not match the {sensors.Count} counts of --sensors-per-city.");
            }
        }

        var workload = new Workload
        {
            SensorsPerCity = sensors,
            ReadingInterval = Duration(Required("interval")),
            LatestReadsPerSecond = NonNegative("latest-reads", Required("latest-reads")),
            ReadingsPerRequest = Optional("readings-per-request") is { } perRequest ? Between("readings-per-request", perRequest, 1, 500) : 1,
            PeakFactor = Optional("peak-factor") is { } peak ? AtLeastOne(peak) : 1.5,
            WebhooksPerReading = Optional("webhooks-per-reading") is { } webhooks ? NonNegative("webhooks-per-reading", webhooks) : 0,
            AggregateReadsPerSecond = Optional("aggregate-reads") is { } aggregates ? NonNegative("aggregate-reads", aggregates) : 0,
            Partitioning = (Optional("partitioning") ?? "id") switch
            {
                "city-id" => Partitioning.CityThenId,
                "city" => Partitioning.City,
                "id" => Partitioning.Id,
                var other => throw new ArgumentException($"--partitioning must be city-id, city or id, not '{other}'."),
            },
        };
        var settings = Optional("settings");
        var stage = Optional("stage") ?? (settings is null ? "prod" : Path.GetFileName(settings).Split('.')[0]);
        if (stage is not ("dev" or "staging" or "prod") && settings is null)
        {
            throw new ArgumentException($"--stage must be dev, staging or prod, not '{stage}'.");
        }

        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
        }

        return new CommandLine(workload, stage, settings);
    }

    /// <summary>10s, 1m, 2h, or plain seconds.</summary>
    private static TimeSpan Duration(string text)
    {
        var (number, unit) = char.IsLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || !double.IsFinite(value))
        {
            throw new ArgumentException($"--interval must be a positive duration such as 10s or 1m, not '{text}'.");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw new ArgumentException($"--interval takes s, m or h, not '{text}'."),
        };
    }

    private static int PositiveInteger(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a whole number above 0, not '{text}'.");

    private static int Between(string name, string text, int low, int high) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {low} to {high}, not '{text}'.");

    private static double NonNegative(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--{name} must be a number of at least 0, not '{text}'.");

    private static double AtLeastOne(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 1 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--peak-factor must be a number of at least 1, not '{text}'.");
}
