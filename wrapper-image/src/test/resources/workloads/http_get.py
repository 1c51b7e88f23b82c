# Fetches a URL and prints the HTTP status.
import sys, urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    print(response.status)
