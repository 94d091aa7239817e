#pragma once
// The tiny scenario whose export tst_chromejson checks event by event, and that
// tst_chromejsonread breaks in every way it can.
#include <string>

namespace tl::test {

// Two workers share a mutex; a producer puts two items into a queue of capacity 1, so the
// second put waits until the consumer, after 1 ms of work, gets the first. The worker's
// 1234567 ns of work shows the microsecond formatting.
// (moc misreads \" inside raw strings, so the escaped title is an ordinary literal.)
const std::string kTiny = "{ \"id\": \"tiny\", \"title\": \"Tiny \\\"test\\\" \\u2713\","
                          R"(
  "parameters": [
    {"name": "workers", "label": "Workers", "type": "int", "min": 1, "max": 8, "default": 2},
    {"name": "hold", "label": "Hold", "type": "duration", "min": "1ns", "max": "1s", "default": "1234567ns"}
  ],
  "objects": [ {"mutex": "m"}, {"queue": "q", "capacity": 1} ],
  "roles": [
    {"name": "worker", "count": "$workers", "program": [
      {"lock": "m"}, {"work": "$hold"}, {"unlock": "m"} ]},
    {"name": "producer", "count": 1, "program": [ {"repeat": 2, "do": [ {"put": "q"} ]} ]},
    {"name": "consumer", "count": 1, "program": [ {"work": "1ms"}, {"get": "q"}, {"get": "q"} ]}
  ]
})";

} // namespace tl::test
