namespace Tollgate.Core.Limiting;

/// <summary>
/// The requests of one account waiting for its next limiter call, while a call of that account is on its way.
/// At most one call per account is in flight from this process; whatever arrives meanwhile goes out together in
/// the next one. Not thread-safe by itself: callers hold its lock.
/// </summary>
internal sealed class AccountCallQueue(string accountId)
{
    /// <summary>Most requests one call carries.</summary>
    public const int MaxBatch = 64;

    private readonly List<PendingAcquire> _waiting = [];

    public string AccountId { get; } = accountId;

    /// <summary>Guards every member.</summary>
    public Lock Gate { get; } = new();

    /// <summary>True while a call of this account is in flight.</summary>
    public bool Sending { get; set; }

    public bool IsEmpty => _waiting.Count == 0;

    public void Add(PendingAcquire request) => _waiting.Add(request);

    /// <summary>Puts requests of a call that has to be sent again back at the front, in their order: they came first.</summary>
    public void Return(List<PendingAcquire> requests) => _waiting.InsertRange(0, requests);

    /// <summary>
    /// Takes the next call's requests: the oldest waiting one and, up to <see cref="MaxBatch"/>, those after it
    /// with the same limits (a tier change mid-burst goes out in a call of its own). Requests whose caller has
    /// given up or was cancelled are answered here and never counted.
    /// </summary>
    public List<PendingAcquire> TakeBatch(long localNow)
    {
        var batch = new List<PendingAcquire>(Math.Min(_waiting.Count, MaxBatch));
        var kept = 0;
        for (var i = 0; i < _waiting.Count; i++)
        {
            var request = _waiting[i];
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Cancel();
            }
            else if (request.GiveUpAt <= localNow)
            {
                request.Fail(new StoreUnavailableException(StoreFault.Timeout, "The request's wait for its account's limiter call ran out."));
            }
            else if (batch.Count < MaxBatch && (batch.Count == 0 || batch[0].Limits == request.Limits))
            {
                batch.Add(request);
            }
            else
            {
                _waiting[kept++] = request;
            }
        }
        _waiting.RemoveRange(kept, _waiting.Count - kept);
        return batch;
    }
}
