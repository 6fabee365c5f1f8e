using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Import;

public sealed class ImportEndpointsTests : AdminApiTestBase
{
    [Test]
    public async Task ImportUsers_SeedCsv_CreatesSkipsAndRejectsRowByRow()
    {
        var (a, b, c, d) = (AdminClient.NewEmail(), AdminClient.NewEmail(), AdminClient.NewEmail(), AdminClient.NewEmail());
        var existing = await Client.CreateAccountAsync(email: d);
        var csv =
            "\uFEFFid,username,email,created_at,subscription_tier\r\n" +
            $"1,alice,{a},2024-01-01,pro\r\n" +
            $"2,\"bob, the builder\",\"{b}\",2024-01-02,\r\n" +
            "3,carol,not-an-email,2024-01-03,free\r\n" +
            $"4,\"dave \"\"the\"\" dev\",{c},2024-01-04,platinum\r\n" +
            "\r\n" +
            $"5,erin,{d.ToUpperInvariant()},2024-01-05,business\r\n" +
            $"6,frank,{a},2024-01-06,free\r\n" +
            $"7,\"multi\nline\",{c},2024-01-07,Business\n";

        var body = await ImportAsync(csv);

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(body.GetProperty("created").GetInt32(), Is.EqualTo(3));
            Assert.That(body.GetProperty("skipped").GetInt32(), Is.EqualTo(2));
            Assert.That(body.GetProperty("rejected").GetInt32(), Is.EqualTo(2));
            Assert.That(rows.Select(r => r.GetProperty("line").GetInt32()), Is.EqualTo((int[])[2, 3, 4, 5, 7, 8, 9]));
            Assert.That(rows.Select(r => r.Str("result")), Is.EqualTo((string[])[
                "created", "created", "rejected", "rejected", "skipped", "skipped", "created",
            ]));
            Assert.That(rows[2].Str("reason"), Does.Contain("email"));
            Assert.That(rows[3].Str("reason"), Does.Contain("platinum"));
            Assert.That(rows[4].Str("account_id"), Is.EqualTo(existing.Str("id")));
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{rows[0].Str("account_id")}")).Str("tier"), Is.EqualTo("pro"));
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{rows[1].Str("account_id")}")).Str("tier"), Is.EqualTo("free"),
                "an empty tier means free");
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{rows[6].Str("account_id")}")).Str("email"), Is.EqualTo(c));
        });
    }

    [Test]
    public async Task ImportUsers_SameFileTwice_SecondRunCreatesNothing()
    {
        var csv = $"email\n{AdminClient.NewEmail()}\n{AdminClient.NewEmail()}\nbroken\n";

        var first = await ImportAsync(csv);
        var second = await ImportAsync(csv);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("created").GetInt32(), Is.EqualTo(2));
            Assert.That(second.GetProperty("created").GetInt32(), Is.Zero);
            Assert.That(second.GetProperty("skipped").GetInt32(), Is.EqualTo(2));
            Assert.That(second.GetProperty("rejected").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ImportUsers_WithoutTierColumn_CreatesFreeAccountsAndAuditsTheImport()
    {
        var body = await ImportAsync($"Email,Name\n{AdminClient.NewEmail()},x\n");

        var id = body.GetProperty("rows")[0].Str("account_id");
        var audit = (await Client.GetJsonAsync("/admin/audit?count=2")).GetProperty("items");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{id}")).Str("tier"), Is.EqualTo("free"));
            Assert.That(audit[0].Str("action"), Is.EqualTo("users.imported"));
            Assert.That(audit[0].GetProperty("details").Str("created"), Is.EqualTo("1"));
            Assert.That(audit[1].Str("action"), Is.EqualTo("account.created"));
            Assert.That(audit[1].GetProperty("details").Str("source"), Is.EqualTo("import"));
        });
    }

    [Test]
    public async Task ImportUsers_UnclosedQuote_RejectsThatRowAndSaysTheRestWasNotRead()
    {
        var (a, b) = (AdminClient.NewEmail(), AdminClient.NewEmail());
        var csv = $"email,note\n{a},\"never closed\n{b},y\n";

        var body = await ImportAsync(csv);

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("created").GetInt32(), Is.Zero, "an account is never created from a guess");
            Assert.That(rows.Select(r => (r.GetProperty("line").GetInt32(), r.Str("result"))), Is.EqualTo(((int, string)[])[(2, "rejected")]));
            Assert.That(rows[0].Str("email"), Is.EqualTo(a));
            Assert.That(rows[0].Str("reason"), Does.Contain("never closed").And.Contain("no line after it"));
        });
    }

    [Test]
    public async Task ImportUsers_TextAfterClosingQuote_RejectsThatRowAndImportsTheNext()
    {
        var (a, b) = (AdminClient.NewEmail(), AdminClient.NewEmail());
        var csv = $"email,name\n\"{a}\"x,Ann\n{b},\"O\"\"Brien\"\n";

        var body = await ImportAsync(csv);

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.GetProperty("line").GetInt32(), r.Str("result"))),
                Is.EqualTo(((int, string)[])[(2, "rejected"), (3, "created")]), $"{a}x is a valid address, but not the one the file meant");
            Assert.That(rows[0].Str("reason"), Does.Contain("closing quote"));
        });
    }

    [Test]
    public async Task ImportUsers_QuotedEmptyRow_IsARowWithAnEmptyEmail()
    {
        var a = AdminClient.NewEmail();

        var body = await ImportAsync($"email\n\"\"\n\n{a}\n");

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.GetProperty("line").GetInt32(), r.Str("result"))),
                Is.EqualTo(((int, string)[])[(2, "rejected"), (4, "created")]), "only a line with nothing on it is skipped");
            Assert.That(rows[0].Str("reason"), Does.Contain("empty"));
        });
    }

    [Test]
    public async Task ImportUsers_RaggedRows_MissingFieldsReadEmptyAndExtraFieldsAreIgnored()
    {
        var (a, b) = (AdminClient.NewEmail(), AdminClient.NewEmail());

        var body = await ImportAsync($"email,name,subscription_tier\n{a}\n{b},Bo,pro,extra,\"more\"\n");

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(body.GetProperty("created").GetInt32(), Is.EqualTo(2));
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{rows[0].Str("account_id")}")).Str("tier"), Is.EqualTo("free"));
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{rows[1].Str("account_id")}")).Str("tier"), Is.EqualTo("pro"));
        });
    }

    [Test]
    public async Task ImportUsers_CarriageReturnLineEndsAndQuotedLineBreaks_ReportTheLineEachRowStartsOn()
    {
        var (a, b) = (AdminClient.NewEmail(), AdminClient.NewEmail());

        var body = await ImportAsync($"email,note\r{a},\"two\r\nlines\"\r\r{b},x\r");

        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.That(rows.Select(r => (r.GetProperty("line").GetInt32(), r.Str("result"))),
            Is.EqualTo(((int, string)[])[(2, "created"), (5, "created")]));
    }

    [TestCase("email;subscription_tier\nsomeone@example.test;pro\n")]
    [TestCase("sep=;\nemail;subscription_tier\nsomeone@example.test;pro\n")]
    [TestCase("\"email,subscription_tier\nsomeone@example.test,pro\n")]
    public async Task ImportUsers_NotACommaSeparatedHeader_Returns400(string csv)
    {
        using var response = await PostCsvAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the separator is a comma, never guessed from the file");
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:malformed-request"));
            Assert.That(problem.Detail, Does.Contain("email"));
        });
    }

    [TestCase("id,name,subscription_tier\n1,a,free\n")]
    [TestCase("")]
    [TestCase("\n\n")]
    public async Task ImportUsers_NoEmailColumn_Returns400(string csv)
    {
        using var response = await PostCsvAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await Problem.ReadAsync(response);
        Assert.That(problem.Detail, Does.Contain("email"));
    }

    [Test]
    public async Task ImportUsers_BodyOverOneMebibyte_Returns413()
    {
        var csv = "email\n" + string.Concat(Enumerable.Repeat("someone@example.test\n", 1024 * 1024 / 21 + 10));

        using var response = await PostCsvAsync(csv);

        Assert.That(Encoding.UTF8.GetByteCount(csv), Is.GreaterThan(1024 * 1024));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:payload-too-large"));
    }

    [Test]
    public async Task ImportUsers_BodyJustUnderOneMebibyte_IsAccepted()
    {
        var header = "email,padding\n";
        var row = $"{AdminClient.NewEmail()},";
        var csv = header + row + new string('x', 1024 * 1024 - header.Length - row.Length - 1) + "\n";

        using var response = await PostCsvAsync(csv);

        Assert.That(Encoding.UTF8.GetByteCount(csv), Is.EqualTo(1024 * 1024));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ImportUsers_JsonBody_Returns415()
    {
        using var response = await Client.PostAsJsonAsync("/admin/import/users", new { email = "a@example.com" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:unsupported-media-type"));
    }

    [Test]
    public async Task ImportUsers_NotUtf8_Returns400()
    {
        using var content = new ByteArrayContent([.. "email\n"u8.ToArray(), 0xC3, 0x28, (byte)'\n']);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        using var response = await Client.PostAsync("/admin/import/users", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:malformed-request"));
    }

    private async Task<JsonElement> ImportAsync(string csv)
    {
        using var response = await PostCsvAsync(csv);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> PostCsvAsync(string csv) =>
        Client.PostAsync("/admin/import/users", new StringContent(csv, Encoding.UTF8, "text/csv"));
}
