using System.Reflection;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.UnitTests.Problems;

/// <summary>One vocabulary for every service: a problem type means one status and one title wherever it is answered.</summary>
public sealed class ProblemCatalogTests
{
    private static readonly ProblemKind[] Kinds = typeof(ProblemCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ProblemKind))
        .Select(f => (ProblemKind)f.GetValue(null)!)
        .ToArray();

    [Test]
    public void EveryType_IsDeclaredOnce()
    {
        var repeated = Kinds.GroupBy(k => k.Type).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.That(repeated, Is.Empty, "a type declared twice could carry two statuses");
    }

    [Test]
    public void EveryKind_IsAnErrorStatusWithATollgateType()
    {
        Assert.That(Kinds, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var kind in Kinds)
            {
                Assert.That(kind.Status, Is.InRange(400, 599), kind.Slug);
                Assert.That(kind.Type, Does.Match("^urn:tollgate:problem:[a-z0-9-]+$"), kind.Slug);
                Assert.That(kind.Title, Is.Not.Empty, kind.Slug);
            }
        });
    }
}
