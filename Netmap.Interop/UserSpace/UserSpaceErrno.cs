namespace Netmap.Interop.UserSpace;

/// <summary>errno values the user-space netmap needs that netmap itself never returns.</summary>
internal static class UserSpaceErrno
{
    /// <summary>EBADF: a handle that is closed or belongs to another backend.</summary>
    public const int EBADF = 9;
}
