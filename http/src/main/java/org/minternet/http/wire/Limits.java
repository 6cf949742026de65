package org.minternet.http.wire;

/**
 * Every size limit of the HTTP/1.1 codec in one place, each with the status its excess earns.
 *
 * @param maxRequestLine longest request line in bytes; longer is 414 (RFC 9112 §3)
 * @param maxHeaderSection total bytes of all field lines; more is 431 (RFC 6585 §5)
 * @param maxHeaderCount most field lines; more is 431
 * @param maxBody largest request body; larger is 413 (RFC 9110 §15.5.14)
 * @param maxChunkLine longest chunk-size line including extensions; longer is 400
 * @param maxEmptyLinesBefore empty lines tolerated before a request line (RFC 9112 §2.2)
 */
public record Limits(int maxRequestLine, int maxHeaderSection, int maxHeaderCount, long maxBody,
    int maxChunkLine, int maxEmptyLinesBefore) {
  public static final int DEFAULT_MAX_REQUEST_LINE = 8192;
  public static final int DEFAULT_MAX_HEADER_SECTION = 32 * 1024;
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;
  public static final int DEFAULT_MAX_CHUNK_LINE = 1024;
  public static final int DEFAULT_MAX_EMPTY_LINES = 4;

  public static final Limits DEFAULT = new Limits(DEFAULT_MAX_REQUEST_LINE,
      DEFAULT_MAX_HEADER_SECTION, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_BODY,
      DEFAULT_MAX_CHUNK_LINE, DEFAULT_MAX_EMPTY_LINES);

  public Limits withMaxBody(long maxBody) {
    return new Limits(maxRequestLine, maxHeaderSection, maxHeaderCount, maxBody, maxChunkLine,
        maxEmptyLinesBefore);
  }
}
