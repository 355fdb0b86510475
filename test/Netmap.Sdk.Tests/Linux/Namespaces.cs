using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>Runs code inside a network namespace: a dedicated thread joins it with setns and runs there.</summary>
internal static partial class Namespaces
{
    private const int CLONE_NEWNET = 0x40000000;

    public static T Run<T>(string ns, Func<T> body, int timeoutMs = 20000)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (Microsoft.Win32.SafeHandles.SafeFileHandle f = File.OpenHandle(Path.Combine("/var/run/netns", ns)))
                {
                    if (SetNs((int)f.DangerousGetHandle(), CLONE_NEWNET) != 0)
                    {
                        throw new InvalidOperationException($"setns({ns}): errno {Marshal.GetLastPInvokeError()}");
                    }
                }

                result = body();
            }
#pragma warning disable CA1031 // Rethrown on the test thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
        })
        { IsBackground = true, Name = "netns " + ns };
        thread.Start();
        if (!thread.Join(timeoutMs))
        {
            throw new TimeoutException($"code in namespace {ns} did not finish in {timeoutMs} ms");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"in namespace {ns}: {failure.Message}", failure);
        }

        return result;
    }

    public static void Run(string ns, Action body, int timeoutMs = 20000) => Run(ns, () => { body(); return 0; }, timeoutMs);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
