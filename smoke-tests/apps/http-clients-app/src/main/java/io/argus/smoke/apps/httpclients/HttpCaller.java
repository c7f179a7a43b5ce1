package io.argus.smoke.apps.httpclients;

/** One HTTP client library, as the application uses it: a GET (or a POST) whose response body is read to the end. */
interface HttpCaller {
  /** The response status; throws what the library throws when there is no response. */
  int call(String url) throws Exception;
}
