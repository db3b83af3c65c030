using System.Text;
using Collector.ThreeCx;
using Collector.ThreeCx.Paging;

namespace Collector.Tests.ThreeCx;

public class PagingGuardTests
{
    static byte[] Page(string body) => Encoding.UTF8.GetBytes(body);

    [Fact]
    public void AFullPageThatRepeatsThePreviousOneAtAnotherSkipStopsTheRead()
    {
        var guard = new PagingGuard("pbx", "the call log");
        guard.Check("ReportCallLogData?$top=2&$skip=0", 0, full: true, Page("{\"value\":[1,2]}"));

        var error = Assert.Throws<XapiException>(() => guard.Check("ReportCallLogData?$top=2&$skip=2", 2, full: true, Page("{\"value\":[1,2]}")));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
        Assert.Contains("ignores $skip", error.Message);
    }

    [Fact]
    public void PagesThatDifferAndAShortLastPageThatRepeatsAreFine()
    {
        var guard = new PagingGuard("pbx", "the call log");
        guard.Check("x?$skip=0", 0, full: true, Page("a"));
        guard.Check("x?$skip=2", 2, full: true, Page("b"));
        guard.Check("x?$skip=4", 4, full: false, Page("b"));   // a short page ends the read anyway
    }

    [Fact]
    public void AReadThatNeverReachesALastPageIsBoundedByMaxPages()
    {
        var guard = new PagingGuard("pbx", "a report");
        var pages = 0;
        void ReadForever()
        {
            for (var skip = 0; ; skip++, pages++)
                guard.Check("x", skip, full: true, BitConverter.GetBytes(skip));
        }

        var error = Assert.Throws<XapiException>(ReadForever);

        Assert.Equal(PagingGuard.MaxPages - 1, pages);
        Assert.Contains("still no last page", error.Message);
    }
}
