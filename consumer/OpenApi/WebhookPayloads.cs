using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Tollgate.ConsumerSide.OpenApi;

/// <summary>
/// The events an account's webhook endpoints receive, as OpenAPI 3.1 webhooks: each a POST of the Standard Webhooks envelope
/// <c>{"type","timestamp","data"}</c>, signed in the <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c>
/// headers. The usage events' <c>data</c> is fixed by the contract the limiter writes; the others' is described as an object.
/// </summary>
internal static class WebhookPayloads
{
    private static readonly string[] Windows = ["second", "hour", "day", "month"];

    public static readonly IReadOnlyList<(string Type, string Description, OpenApiSchema Data)> Events =
    [
        ("usage.threshold",
            "A window of the account passed a share of its limit (80% and 100% by default); sent once per window period.",
            Object(
                ("window", Enum(Windows, "The window that passed the threshold.")),
                ("percent", Integer("The threshold passed, e.g. 80 or 100.")),
                ("limit", Integer("The window's limit.")),
                ("used", Integer("Units the window counted when it passed.")))),
        ("usage.limited",
            "A request of the account was refused because a window was full.",
            Object(
                ("window", Enum(Windows, "The full window.")),
                ("limit", Integer("The window's limit.")),
                ("retry_after_seconds", Integer("Seconds until a request would be admitted again.")))),
        ("key.expiring", "One of the account's keys expires in 7 days.", OpenObject("Which key, and when it expires.")),
        ("key.revoked", "One of the account's keys was revoked.", OpenObject("Which key.")),
        ("tier.changed", "The account moved to another tier.", OpenObject("The tiers moved from and to.")),
        ("payment.failed", "A payment of the account's subscription failed; a grace period runs.", OpenObject("The payment and the grace period.")),
    ];

    public static OpenApiPathItem PathItem(string type, string description, OpenApiSchema data) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Post] = new OpenApiOperation
            {
                OperationId = "webhook_" + type.Replace('.', '_'),
                Summary = type,
                Description = description +
                    " Verify the signature (Standard Webhooks: base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\" with the endpoint's " +
                    "whsec_ secret) before trusting it; deliveries are at least once, so deduplicate on webhook-id.",
                Parameters =
                [
                    Header("webhook-id", "Unique per event; the same on every retry of it."),
                    Header("webhook-timestamp", "Unix seconds when this attempt was signed."),
                    Header("webhook-signature", "v1,<base64 signature>; several, space-separated, while a secret is being rotated."),
                ],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new OpenApiMediaType
                        {
                            Schema = Object(
                                ("type", Enum([type], "The event type.")),
                                ("timestamp", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the event happened." }),
                                ("data", data)),
                        },
                    },
                },
                Responses = new OpenApiResponses
                {
                    ["2XX"] = new OpenApiResponse { Description = "Received. Any other answer, or none within the timeout, is retried with back-off for 24 h." },
                },
            },
        },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiSchema Object(params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
        Required = properties.Select(p => p.Name).ToHashSet(),
    };

    private static OpenApiSchema OpenObject(string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        AdditionalPropertiesAllowed = true,
    };

    private static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description };

    private static OpenApiSchema Enum(string[] values, string description) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };
}
