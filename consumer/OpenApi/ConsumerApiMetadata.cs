namespace Tollgate.ConsumerSide.OpenApi;

/// <summary>
/// Endpoint metadata: the endpoint belongs to the public consumer document (<see cref="ConsumerOpenApi"/>). Only endpoints
/// carrying it are described there, so the dashboard's session API, the payment provider's webhook and anything operators
/// use never appear in it, whatever else the host maps.
/// </summary>
public sealed class ConsumerApiMetadata
{
    public static readonly ConsumerApiMetadata Instance = new();

    private ConsumerApiMetadata()
    {
    }
}
