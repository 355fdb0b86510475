namespace Netmap.Interop;

/// <summary>The netmap chosen for this process and why, as the diagnostic tool and the logs report it.</summary>
/// <param name="Backend">The backend to make calls on.</param>
/// <param name="Reason">One sentence: what was checked and what decided.</param>
public sealed record NetmapBackendSelection(INetmapBackend Backend, string Reason)
{
    /// <summary>Which netmap was chosen.</summary>
    public NetmapBackendKind Kind => Backend.Kind;
}
