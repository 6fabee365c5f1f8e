using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Tollgate.Testing;

/// <summary>An <see cref="IHostEnvironment"/> for services built without a host.</summary>
public sealed class TestHostEnvironment : IHostEnvironment
{
    /// <summary>The environment tests run in unless told otherwise: not Development, so production rules (e.g. a required hash secret) apply.</summary>
    public const string Testing = "Testing";

    /// <summary>Default <see cref="Testing"/>.</summary>
    public string EnvironmentName { get; set; } = Testing;

    /// <summary>Default "Tollgate.Tests".</summary>
    public string ApplicationName { get; set; } = "Tollgate.Tests";

    /// <summary>Default the test's base directory.</summary>
    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    /// <summary>Default nothing.</summary>
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
