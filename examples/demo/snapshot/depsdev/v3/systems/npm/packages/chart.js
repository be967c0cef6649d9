{
 "packageKey": {
  "system": "NPM",
  "name": "chart.js"
 },
 "versions": [
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.3.0"
   },
   "publishedAt": "2023-05-02T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.3.3"
   },
   "publishedAt": "2023-07-31T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.0"
   },
   "publishedAt": "2023-08-28T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.1"
   },
   "publishedAt": "2023-12-04T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.2"
   },
   "publishedAt": "2024-02-26T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.3"
   },
   "publishedAt": "2024-05-20T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.4"
   },
   "publishedAt": "2024-08-08T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.5"
   },
   "publishedAt": "2024-10-17T12:00:07Z",
   "isDefault": false
  },
  {
   "versionKey": {
    "system": "NPM",
    "name": "chart.js",
    "version": "4.4.6"
   },
   "publishedAt": "2024-10-29T12:00:07Z",
   "isDefault": true
  }
 ]
}
