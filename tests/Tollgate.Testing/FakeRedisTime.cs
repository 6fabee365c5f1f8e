using System.Globalization;

namespace Tollgate.Testing;

/// <summary>
/// The clock of a local <c>redis-server</c> run under libfaketime (Debian package <c>faketime</c>): the library reads
/// <c>FAKETIME_TIMESTAMP_FILE</c> on every time call (<c>FAKETIME_NO_CACHE=1</c>), so rewriting the file moves
/// Redis's <c>TIME</c> and its key expiry at once, without a restart. Only the wall clock is faked
/// (<c>FAKETIME_DONT_FAKE_MONOTONIC=1</c>): Redis's event loop and timers keep real time.
/// </summary>
internal sealed class FakeRedisTime
{
    private const string FileName = "faketime.rc";

    // The real wall clock: what every test that does not drive Redis's clock expects.
    private const string RealTime = "+0";

    // glibc 2.34+ and libfaketime 0.9.10 deadlock inside jemalloc's initialisation (libfaketime's first clock_gettime
    // looks up a symbol that no longer exists, and the error message it builds calls malloc, re-entering jemalloc's
    // init): Debian's redis-server links jemalloc. Preloaded first, glibc's debug malloc serves malloc/free instead.
    private static readonly string[] MallocCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0",
        "/usr/lib/aarch64-linux-gnu/libc_malloc_debug.so.0",
        "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0",
        "/lib/aarch64-linux-gnu/libc_malloc_debug.so.0",
    ];

    private static readonly string[] FaketimeCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ];

    private readonly string _path;

    private FakeRedisTime(string path, IReadOnlyDictionary<string, string> environment)
    {
        _path = path;
        Environment = environment;
    }

    /// <summary>What the redis-server process needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>A clock file in <paramref name="directory"/>, on real time; null, with the reason, when libfaketime is not installed.</summary>
    public static FakeRedisTime? TryCreate(DirectoryInfo directory, out string whyNot)
    {
        var library = FaketimeCandidates.FirstOrDefault(File.Exists);
        if (library is null)
        {
            whyNot = "libfaketime is not installed (Debian/Ubuntu: sudo apt-get install -y faketime)";
            return null;
        }
        var malloc = MallocCandidates.FirstOrDefault(File.Exists);
        var path = Path.Combine(directory.FullName, FileName);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LD_PRELOAD"] = malloc is null ? library : $"{malloc} {library}",
            ["FAKETIME_TIMESTAMP_FILE"] = path,
            ["FAKETIME_NO_CACHE"] = "1",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            // Absolute times in the file are read in the local zone.
            ["TZ"] = "UTC",
        };
        var time = new FakeRedisTime(path, environment);
        time.RunReal();
        whyNot = "";
        return time;
    }

    /// <summary>Stops Redis's wall clock at <paramref name="instant"/> until the next call.</summary>
    public void Freeze(DateTimeOffset instant)
    {
        // Nanoseconds, 50 over: libfaketime parses the fraction as a double, and 0.3 must not read as 0.299999999.
        var utc = instant.UtcDateTime;
        Write(utc.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "50");
    }

    /// <summary>Redis's wall clock is the real one again.</summary>
    public void RunReal() => Write(RealTime);

    private void Write(string specification)
    {
        // libfaketime reads the file on every call: replace it whole, never let it see a half-written line.
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, specification + "\n");
        File.Move(temporary, _path, overwrite: true);
    }
}
