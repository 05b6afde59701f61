// Package closures nests handler-shaped function literals, goroutines,
// defers and plain closures 40 levels deep inside one handler.
package closures

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

func handle(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, 0)
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			defer func() {
				if v := recover(); v != nil {
					http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
				}
				f := func(n int) int {
					if n > 3 {
						panic(n)
					}
					func(w http.ResponseWriter, r *http.Request) {
						fmt.Fprintln(w, 4)
						wg.Add(1)
						go func() {
							defer wg.Done()
							time.Sleep(time.Millisecond)
							defer func() {
								if v := recover(); v != nil {
									http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
								}
								f := func(n int) int {
									if n > 7 {
										panic(n)
									}
									func(w http.ResponseWriter, r *http.Request) {
										fmt.Fprintln(w, 8)
										wg.Add(1)
										go func() {
											defer wg.Done()
											time.Sleep(time.Millisecond)
											defer func() {
												if v := recover(); v != nil {
													http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
												}
												f := func(n int) int {
													if n > 11 {
														panic(n)
													}
													func(w http.ResponseWriter, r *http.Request) {
														fmt.Fprintln(w, 12)
														wg.Add(1)
														go func() {
															defer wg.Done()
															time.Sleep(time.Millisecond)
															defer func() {
																if v := recover(); v != nil {
																	http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																}
																f := func(n int) int {
																	if n > 15 {
																		panic(n)
																	}
																	func(w http.ResponseWriter, r *http.Request) {
																		fmt.Fprintln(w, 16)
																		wg.Add(1)
																		go func() {
																			defer wg.Done()
																			time.Sleep(time.Millisecond)
																			defer func() {
																				if v := recover(); v != nil {
																					http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																				}
																				f := func(n int) int {
																					if n > 19 {
																						panic(n)
																					}
																					func(w http.ResponseWriter, r *http.Request) {
																						fmt.Fprintln(w, 20)
																						wg.Add(1)
																						go func() {
																							defer wg.Done()
																							time.Sleep(time.Millisecond)
																							defer func() {
																								if v := recover(); v != nil {
																									http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																								}
																								f := func(n int) int {
																									if n > 23 {
																										panic(n)
																									}
																									func(w http.ResponseWriter, r *http.Request) {
																										fmt.Fprintln(w, 24)
																										wg.Add(1)
																										go func() {
																											defer wg.Done()
																											time.Sleep(time.Millisecond)
																											defer func() {
																												if v := recover(); v != nil {
																													http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																												}
																												f := func(n int) int {
																													if n > 27 {
																														panic(n)
																													}
																													func(w http.ResponseWriter, r *http.Request) {
																														fmt.Fprintln(w, 28)
																														wg.Add(1)
																														go func() {
																															defer wg.Done()
																															time.Sleep(time.Millisecond)
																															defer func() {
																																if v := recover(); v != nil {
																																	http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																																}
																																f := func(n int) int {
																																	if n > 31 {
																																		panic(n)
																																	}
																																	func(w http.ResponseWriter, r *http.Request) {
																																		fmt.Fprintln(w, 32)
																																		wg.Add(1)
																																		go func() {
																																			defer wg.Done()
																																			time.Sleep(time.Millisecond)
																																			defer func() {
																																				if v := recover(); v != nil {
																																					http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																																				}
																																				f := func(n int) int {
																																					if n > 35 {
																																						panic(n)
																																					}
																																					func(w http.ResponseWriter, r *http.Request) {
																																						fmt.Fprintln(w, 36)
																																						wg.Add(1)
																																						go func() {
																																							defer wg.Done()
																																							time.Sleep(time.Millisecond)
																																							defer func() {
																																								if v := recover(); v != nil {
																																									http.Error(w, fmt.Sprint(v), http.StatusInternalServerError)
																																								}
																																								f := func(n int) int {
																																									if n > 39 {
																																										panic(n)
																																									}
																																									return n
																																								}
																																								_ = f(39)
																																							}()
																																						}()
																																					}(w, r)
																																					return n
																																				}
																																				_ = f(35)
																																			}()
																																		}()
																																	}(w, r)
																																	return n
																																}
																																_ = f(31)
																															}()
																														}()
																													}(w, r)
																													return n
																												}
																												_ = f(27)
																											}()
																										}()
																									}(w, r)
																									return n
																								}
																								_ = f(23)
																							}()
																						}()
																					}(w, r)
																					return n
																				}
																				_ = f(19)
																			}()
																		}()
																	}(w, r)
																	return n
																}
																_ = f(15)
															}()
														}()
													}(w, r)
													return n
												}
												_ = f(11)
											}()
										}()
									}(w, r)
									return n
								}
								_ = f(7)
							}()
						}()
					}(w, r)
					return n
				}
				_ = f(3)
			}()
		}()
	}(w, r)
	wg.Wait()
}
