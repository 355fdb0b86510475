namespace Netmap.Interop;

/// <summary>One entry of a <see cref="INetmapBackend.Poll"/> call, like <c>struct pollfd</c>.</summary>
public struct NetmapPollFd
{
    /// <summary>The handle to poll.</summary>
    public NetmapHandle Handle;

    /// <summary>The events wanted (POLLIN, POLLOUT, …).</summary>
    public PollEvents Events;

    /// <summary>The events ready, set by the call.</summary>
    public PollEvents Revents;

    /// <summary>Creates an entry asking for <paramref name="events"/> on <paramref name="handle"/>.</summary>
    public NetmapPollFd(NetmapHandle handle, PollEvents events)
    {
        Handle = handle;
        Events = events;
        Revents = PollEvents.None;
    }
}
