using Tollgate.Core.Keys;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Keys;

public sealed class KeyOptionsValidatorTests
{
    [Test]
    public void Validate_NoSecretOutsideDevelopment_FailsNamingSetting()
    {
        var result = Validator("Production").Validate(null, new KeyOptions());

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Keys:HashSecret"));
        });
    }

    [Test]
    public void Validate_NoSecretInDevelopment_Succeeds() =>
        Assert.That(Validator("Development").Validate(null, new KeyOptions()).Succeeded, Is.True);

    [Test]
    public void Validate_ShortSecret_Fails()
    {
        var result = Validator("Development").Validate(null, new KeyOptions { HashSecret = new string('s', KeyOptions.MinimumSecretLength - 1) });

        Assert.That(result.Failed, Is.True);
    }

    [Test]
    public void Validate_TestSecret_Succeeds() =>
        Assert.That(Validator(TestHostEnvironment.Testing).Validate(null, new KeyOptions { HashSecret = TestConfiguration.HashSecret }).Succeeded, Is.True);

    private static KeyOptionsValidator Validator(string environment) => new(new TestHostEnvironment { EnvironmentName = environment });
}
