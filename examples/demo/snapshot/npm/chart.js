{
 "_id": "chart.js",
 "name": "chart.js",
 "description": "Simple HTML5 charts using the canvas element.",
 "dist-tags": {
  "latest": "4.4.6"
 },
 "versions": {
  "4.3.0": {
   "name": "chart.js",
   "version": "4.3.0",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.3.0",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.3.0.tgz",
    "integrity": "sha512-535f4846840942ca25c7c53d27c10fd8ccca9f06c53e7a3c52507d2f6c405606==",
    "shasum": "918a4ada64634bd356134226d31e7087b872b0f7",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.3.3": {
   "name": "chart.js",
   "version": "4.3.3",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.3.3",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.3.3.tgz",
    "integrity": "sha512-cdd7e536893848cdcb0be064c2b400599048612c7d9eb8f41576f20a355f31e0==",
    "shasum": "568f59949187934a3f4dbf485c569584deb5712b",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.0": {
   "name": "chart.js",
   "version": "4.4.0",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.0",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.0.tgz",
    "integrity": "sha512-0762226a4fb154c05c485db24395b510474e20a51ce6d941089ec2010ed867f1==",
    "shasum": "37529bc16185500f4c90c9191bc28bfb6d601732",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.1": {
   "name": "chart.js",
   "version": "4.4.1",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.1",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.1.tgz",
    "integrity": "sha512-1Z1AnG2loeQEt54+mUIGR6Yvnoc5K94j6beVVJfnl4WwenKwpk+rrU3F8Jek8vJeSzi3t30ZPMOms4lpAf/EcQ==",
    "shasum": "5d4c1731408e12e723e71fada2293c6b86619e91",
    "fileCount": 12,
    "unpackedSize": 48000
   },
   "dependencies": {
    "@kurkle/color": "^0.3.0"
   }
  },
  "4.4.2": {
   "name": "chart.js",
   "version": "4.4.2",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.2",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.2.tgz",
    "integrity": "sha512-3f0bedc5c025d29d6ad461b35c4062e78e611b376b818f6a2f2281b372630731==",
    "shasum": "1f2c63472fea38d23dab48f312e0b6426060d1a3",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.3": {
   "name": "chart.js",
   "version": "4.4.3",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.3",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.3.tgz",
    "integrity": "sha512-ae1a2bcba0969ce989bd47598e904fd601a332833d3e1af8424f5f3e77465244==",
    "shasum": "8a8b2408285378d9ac376076164d626a992b28e1",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.4": {
   "name": "chart.js",
   "version": "4.4.4",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.4",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.4.tgz",
    "integrity": "sha512-915c732d4f158a6b5d90d335c999d3f353bb113e3d6c05cd91c24416837f558e==",
    "shasum": "8287b51db87bdba94c7084c2d4dce3bc68cd4985",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.5": {
   "name": "chart.js",
   "version": "4.4.5",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.5",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.5.tgz",
    "integrity": "sha512-2d822ffe1e470b31314aaab39f4c3cf6e0d5f5cde19a65101b16429af80552ae==",
    "shasum": "d3691c0b488d65bd547f72b3e122d0e311144f3b",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  },
  "4.4.6": {
   "name": "chart.js",
   "version": "4.4.6",
   "description": "Simple HTML5 charts using the canvas element.",
   "license": "MIT",
   "repository": {
    "type": "git",
    "url": "git+https://github.com/chartjs/Chart.js.git"
   },
   "main": "dist/chart.js.js",
   "_id": "chart.js@4.4.6",
   "_npmUser": {
    "name": "etimberg",
    "email": "etimberg@example.com"
   },
   "maintainers": [
    {
     "name": "etimberg",
     "email": "etimberg@example.com"
    },
    {
     "name": "kurkle",
     "email": "kurkle@example.com"
    }
   ],
   "dist": {
    "tarball": "https://registry.npmjs.org/chart.js/-/chart.js-4.4.6.tgz",
    "integrity": "sha512-01228e33833680ffdba3a844fa9d711520c95e66247aa7597d6554fed5192843==",
    "shasum": "8a4636187ae07d4fd86f7d25e3429534064dcada",
    "fileCount": 12,
    "unpackedSize": 48000
   }
  }
 },
 "time": {
  "created": "2023-05-01T12:00:07.251000Z",
  "modified": "2024-10-29T14:00:07.251000Z",
  "4.3.0": "2023-05-02T12:00:07.251000Z",
  "4.3.3": "2023-07-31T12:00:07.251000Z",
  "4.4.0": "2023-08-28T12:00:07.251000Z",
  "4.4.1": "2023-12-04T12:00:07.251000Z",
  "4.4.2": "2024-02-26T12:00:07.251000Z",
  "4.4.3": "2024-05-20T12:00:07.251000Z",
  "4.4.4": "2024-08-08T12:00:07.251000Z",
  "4.4.5": "2024-10-17T12:00:07.251000Z",
  "4.4.6": "2024-10-29T12:00:07.251000Z"
 },
 "maintainers": [
  {
   "name": "etimberg",
   "email": "etimberg@example.com"
  },
  {
   "name": "kurkle",
   "email": "kurkle@example.com"
  }
 ],
 "license": "MIT",
 "homepage": "https://github.com/chartjs/Chart.js#readme",
 "repository": {
  "type": "git",
  "url": "git+https://github.com/chartjs/Chart.js.git"
 },
 "readmeFilename": "README.md"
}
