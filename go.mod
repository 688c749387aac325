module github.com/leaktrail/leaktrail

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/nyaruka/phonenumbers v1.8.1
	golang.org/x/text v0.44.0
)

require google.golang.org/protobuf v1.36.11 // indirect
