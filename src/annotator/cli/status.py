"""The ``annotator`` command's exit statuses."""

#: Wrong usage (argparse says so).
USAGE_ERROR = 2
#: A problem with the user's input: one line per problem on stderr.
USER_ERROR = 1
#: The exit status when the reader of the output goes away (a closed pipe): what a shell
#: reports for a Unix tool killed by SIGPIPE, 128 + 13, as ``yes | head -1`` shows under
#: ``set -o pipefail``. The command ends quietly (nothing on stderr) rather than being
#: killed, so that the project is closed properly; a writing command has committed
#: before it prints anything, so its work is kept.
READER_GONE = 128 + 13
