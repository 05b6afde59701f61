module example.com/svc

go 1.26

require example.com/lib v1.0.0
