namespace Tollgate.Core.Redis;

/// <summary>
/// What this process knows of Redis's clock, so that a call can carry a deadline in Redis time: the moment
/// after which the caller will have stopped waiting (<see cref="RedisOptions.TimeoutMs"/>) and the call must do
/// nothing. Without it, a call that times out while Redis hangs still runs when Redis resumes.
/// </summary>
/// <remarks>
/// Every answer of a script that reads Redis <c>TIME</c> gives one sample: Redis time minus the local time the
/// answer arrived. The script ran before the answer arrived, so each sample is at most the true offset between
/// the clocks. The deadline uses the largest recent sample, so it never lies after the moment the caller gives
/// up: a late call is never counted, and a call that ran in time can only be judged late if its answer is late
/// too. Samples are kept per minute (the current and the previous one), so a clock step on either side is
/// forgotten within two minutes; until then deadlines are only more lenient. A step forward of Redis's clock (or a
/// test's clock moving it) makes the next call look late by the old offset; its answer is a new sample, and the
/// limiter sends a call judged late once more when the answer came before its callers gave up.
/// <para>
/// The clock here must be the real one, whatever the host's <see cref="TimeProvider"/>: Redis <c>TIME</c> is
/// real, and a test's fake clock would make every offset wrong. Local time is a monotonic timestamp.
/// </para>
/// </remarks>
public sealed class RedisClock
{
    private const long MicrosecondsPerMinute = 60_000_000;
    private const long None = long.MinValue;

    private readonly TimeProvider _realTime;
    private readonly long _frequency;
    private readonly Lock _gate = new();

    private long _minute;
    private long _currentMax = None;
    private long _previousMax = None;

    /// <param name="realTime">A real clock: <see cref="TimeProvider.System"/> outside tests of this class.</param>
    public RedisClock(TimeProvider realTime)
    {
        _realTime = realTime;
        _frequency = realTime.TimestampFrequency;
    }

    /// <summary>Local monotonic time in microseconds; only differences and <see cref="DeadlineFor"/> give it meaning.</summary>
    public long LocalNow => (long)((Int128)_realTime.GetTimestamp() * 1_000_000 / _frequency);

    /// <summary>
    /// The Redis time (µs since the epoch) at which a call sent at <paramref name="sentAt"/> (<see cref="LocalNow"/>)
    /// and waited for during <paramref name="timeout"/> is given up; 0 (no deadline) before the first sample.
    /// </summary>
    public long DeadlineFor(long sentAt, TimeSpan timeout)
    {
        var offset = LargestOffset();
        return offset == None ? 0 : sentAt + (long)timeout.TotalMicroseconds + offset;
    }

    /// <summary>
    /// For a call Redis judged late (it ran after its deadline and counted nothing, <paramref name="late"/>): when its answer
    /// came before the caller gives up at <paramref name="giveUpAt"/> (<see cref="LocalNow"/>), the call ran in time and it
    /// is Redis's clock that stepped forward since the deadline was set (NTP on the Redis host). The answer, once observed,
    /// has taught this clock the new offset: returns the deadline to send the call once more with. Null otherwise: the
    /// call was late indeed, or was not judged late.
    /// </summary>
    public long? DeadlineForResend(bool late, long giveUpAt) =>
        late && LocalNow < giveUpAt ? DeadlineFor(giveUpAt, TimeSpan.Zero) : null;

    /// <summary>
    /// Redis's time now (µs since the epoch) as this process estimates it, by the largest recent offset (see the remarks):
    /// behind Redis's true time by about the way back of the best answer; 0 before the first sample.
    /// </summary>
    public long EstimatedRedisNow()
    {
        var offset = LargestOffset();
        return offset == None ? 0 : LocalNow + offset;
    }

    private long LargestOffset() => Math.Max(Volatile.Read(ref _currentMax), Volatile.Read(ref _previousMax));

    /// <summary>Learns from an answer that carried Redis time <paramref name="redisMicroseconds"/> and arrived at <paramref name="receivedAt"/>.</summary>
    public void Observe(long redisMicroseconds, long receivedAt)
    {
        var minute = receivedAt / MicrosecondsPerMinute;
        if (minute != Volatile.Read(ref _minute))
        {
            lock (_gate)
            {
                if (minute > _minute)
                {
                    _previousMax = minute == _minute + 1 ? _currentMax : None;
                    _currentMax = None;
                    Volatile.Write(ref _minute, minute);
                }
            }
        }

        var sample = redisMicroseconds - receivedAt;
        var seen = Volatile.Read(ref _currentMax);
        while (sample > seen)
        {
            var witnessed = Interlocked.CompareExchange(ref _currentMax, sample, seen);
            if (witnessed == seen)
            {
                break;
            }
            seen = witnessed;
        }
    }
}
