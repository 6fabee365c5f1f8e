using Tollgate.Core.Limiting;

namespace Tollgate.Core.UnitTests.Limiting;

public sealed class AccountCallQueueTests
{
    private static readonly TierLimits Free = new(60, 1_000, 10_000);
    private static readonly TierLimits Pro = new(600, 10_000, 250_000);
    private const long Now = 1_000_000;

    [Test]
    public void TakeBatch_MixedLimits_TakesTheOldestAndThoseWithItsLimitsInOrder()
    {
        var queue = new AccountCallQueue("acc_x");
        var requests = new[] { Pending("a", Free), Pending("b", Pro), Pending("c", Free), Pending("d", Pro) };
        foreach (var r in requests)
        {
            queue.Add(r);
        }

        var first = queue.TakeBatch(Now);
        var second = queue.TakeBatch(Now);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(r => r.KeyId), Is.EqualTo(new[] { "a", "c" }));
            Assert.That(second.Select(r => r.KeyId), Is.EqualTo(new[] { "b", "d" }));
            Assert.That(queue.IsEmpty, Is.True);
        });
    }

    [Test]
    public void TakeBatch_MoreThanMaxBatchWaiting_LeavesTheRestForTheNextCall()
    {
        var queue = new AccountCallQueue("acc_x");
        for (var i = 0; i < AccountCallQueue.MaxBatch + 5; i++)
        {
            queue.Add(Pending($"k{i}", Free));
        }

        Assert.Multiple(() =>
        {
            Assert.That(queue.TakeBatch(Now), Has.Count.EqualTo(AccountCallQueue.MaxBatch));
            Assert.That(queue.TakeBatch(Now).Select(r => r.KeyId), Is.EqualTo(Enumerable.Range(AccountCallQueue.MaxBatch, 5).Select(i => $"k{i}")));
        });
    }

    [Test]
    public void TakeBatch_CancelledOrGivenUpRequests_AreAnsweredAndNotSent()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var queue = new AccountCallQueue("acc_x");
        var gone = new PendingAcquire("gone", 1, Free, 0, GiveUpAt: Now - 1, CancellationToken.None);
        var aborted = new PendingAcquire("aborted", 1, Free, 0, GiveUpAt: Now + 1_000, cancelled.Token);
        var waiting = Pending("waiting", Free);
        queue.Add(gone);
        queue.Add(aborted);
        queue.Add(waiting);

        var batch = queue.TakeBatch(Now);

        Assert.Multiple(() =>
        {
            Assert.That(batch, Is.EqualTo(new[] { waiting }));
            Assert.That(gone.Decision.Exception?.InnerException, Is.InstanceOf<StoreUnavailableException>()
                .With.Property(nameof(StoreUnavailableException.Fault)).EqualTo(StoreFault.Timeout), "the one exception the limiter lets out");
            Assert.That(aborted.Decision.IsCanceled, Is.True);
        });
    }

    [Test]
    public void Return_RequestsOfACallRunTooLate_GoOutFirstInTheNextCallInTheirOrder()
    {
        var queue = new AccountCallQueue("acc_x");
        var sent = new[] { Pending("a", Free), Pending("b", Free) };
        foreach (var r in sent)
        {
            queue.Add(r);
        }
        var late = queue.TakeBatch(Now);
        queue.Add(Pending("c", Free));

        queue.Return(late);

        Assert.That(queue.TakeBatch(Now).Select(r => r.KeyId), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    private static PendingAcquire Pending(string keyId, TierLimits limits) =>
        new(keyId, 1, limits, Deadline: 0, GiveUpAt: Now + 250_000, CancellationToken.None);
}
