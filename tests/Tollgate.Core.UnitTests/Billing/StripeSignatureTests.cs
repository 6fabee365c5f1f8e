using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Billing;
using Tollgate.Core.Billing.Stripe;
using Tollgate.Testing.Stripe;

namespace Tollgate.Core.UnitTests.Billing;

/// <summary><c>Stripe-Signature</c> as the webhook checks it: the webhook secret, the exact body, five minutes either way on the service clock.</summary>
public sealed class StripeSignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private readonly string _payload = StripeEvents.Event("evt_signature_test", "customer.created", Now, new() { ["id"] = "cus_1", ["object"] = "customer" });

    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(Now);

    private StripeSignature Signature() =>
        new(Options.Create(new BillingOptions { Stripe = { WebhookSecret = StripeEvents.WebhookSecret } }), _clock);

    [Test]
    public void SignedNow_IsTheEvent()
    {
        var parsed = Signature().Verify(_payload, StripeEvents.Sign(_payload, Now));

        Assert.That(parsed?.Id, Is.EqualTo("evt_signature_test"));
        Assert.That(parsed?.Type, Is.EqualTo("customer.created"));
    }

    [TestCase(-299)]
    [TestCase(0)]
    public void SignedWithinFiveMinutes_IsAccepted(int secondsAgo) =>
        Assert.That(Signature().Verify(_payload, StripeEvents.Sign(_payload, Now.AddSeconds(secondsAgo))), Is.Not.Null);

    [Test]
    public void SignedMoreThanFiveMinutesAgo_OnTheServiceClock_IsRefused()
    {
        var header = StripeEvents.Sign(_payload, Now);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.That(Signature().Verify(_payload, header), Is.Null);
    }

    [Test]
    public void WrongSecret_ChangedBody_MissingOrMalformedHeader_AreRefused()
    {
        var signature = Signature();
        Assert.Multiple(() =>
        {
            Assert.That(signature.Verify(_payload, StripeEvents.Sign(_payload, Now, "whsec_another")), Is.Null, "another secret");
            Assert.That(signature.Verify(_payload.Replace("cus_1", "cus_2", StringComparison.Ordinal), StripeEvents.Sign(_payload, Now)), Is.Null, "body changed");
            Assert.That(signature.Verify(_payload, null), Is.Null, "no header");
            Assert.That(signature.Verify(_payload, ""), Is.Null, "empty header");
            Assert.That(signature.Verify(_payload, "v1=abc"), Is.Null, "no timestamp");
            Assert.That(signature.Verify("not json", StripeEvents.Sign("not json", Now)), Is.Null, "signed, but no event");
        });
    }

    [Test]
    public void OneMatchingSignatureAmongSeveral_IsAccepted()
    {
        // While a secret is rolled, Stripe sends one v1 per secret.
        var genuine = StripeEvents.Sign(_payload, Now);
        var other = StripeEvents.Sign(_payload, Now, "whsec_old");
        var header = $"{genuine},{other[other.IndexOf("v1=", StringComparison.Ordinal)..]}";

        Assert.That(Signature().Verify(_payload, header), Is.Not.Null);
    }
}
