window.SXSDOC_SEARCH = ["index", {"chunk":20,"pages":1,"shards":["/devicemanagement/remoteassistancepartners/{}/disconnect"]}];
