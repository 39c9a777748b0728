using CardBridge.Service.Hosting;

return await ServiceHost.RunAsync(args);
