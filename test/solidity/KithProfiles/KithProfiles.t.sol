// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {KithTestSuite} from "../KithTestSuite.sol";

contract KithProfilesTest is KithTestSuite {
    /*//////////////////////////////////////////////////////////////
                                REGISTER
    //////////////////////////////////////////////////////////////*/

    function test_Register_EmitsProfileRegistered() public {
        vm.expectEmit(address(kith));
        emit IKithProfiles.ProfileRegistered(1, alice, "alice", guardian, METADATA_HASH);
        _register(alice, "alice", guardian);
    }

    function test_Register_StoresProfile() public {
        uint256 profileId = _register(alice, "alice", guardian);

        assertEq(profileId, 1, "first id is 1");
        assertEq(kith.profileCount(), 1, "profileCount");
        assertEq(kith.custodyOf(profileId), alice, "custody");
        assertEq(kith.recoveryOf(profileId), guardian, "recovery");
        assertEq(kith.handleOf(profileId), "alice", "handleOf");
        assertEq(kith.profileIdOf("alice"), profileId, "profileIdOf");
        assertEq(kith.pendingCustodyOf(profileId), address(0), "no pending offer");
    }

    function test_Register_AssignsSequentialIdsAndAllowsManyPerAddress() public {
        assertEq(_register(alice, "alice"), 1);
        assertEq(_register(bob, "bob"), 2);
        assertEq(_register(alice, "alice_team"), 3);

        assertEq(kith.profileCount(), 3);
        assertEq(kith.custodyOf(1), alice);
        assertEq(kith.custodyOf(3), alice);
        assertEq(kith.handleOf(3), "alice_team");
    }

    function test_Register_WithoutRecovery() public {
        uint256 profileId = _register(alice, "alice");
        assertEq(kith.recoveryOf(profileId), address(0));
    }

    function test_Register_AcceptsShortestAndLongestHandles() public {
        uint256 shortest = _register(alice, "abc");
        uint256 longest = _register(bob, "abcdefghijklmnop");

        assertEq(kith.handleOf(shortest), "abc");
        assertEq(kith.handleOf(longest), "abcdefghijklmnop");
        assertEq(kith.profileIdOf("abc"), shortest);
        assertEq(kith.profileIdOf("abcdefghijklmnop"), longest);
    }

    function test_Register_RoundTripsEveryAllowedCharacter() public {
        string[4] memory handles = ["abcdefghijklmnop", "qrstuvwxyz012345", "z6789___________", "a_9"];
        for (uint256 i; i < handles.length; ++i) {
            uint256 profileId = _register(alice, handles[i]);
            assertEq(kith.handleOf(profileId), handles[i], "handleOf");
            assertEq(kith.profileIdOf(handles[i]), profileId, "profileIdOf");
        }
    }

    /// @dev Every byte value, as the first character and as a later one, against the documented rule.
    function test_Register_ClassifiesEveryByte() public {
        for (uint256 index; index < 3; index += 2) {
            for (uint256 value; value < 256; ++value) {
                // "?ab" and "bb?" never spell the same handle.
                bytes memory handle = index == 0 ? bytes("aab") : bytes("bba");
                handle[index] = bytes1(uint8(value));
                vm.prank(alice);
                if (_isHandleByte(bytes1(uint8(value)), index)) {
                    uint256 profileId = kith.register(string(handle), address(0), 0);
                    assertEq(kith.handleOf(profileId), string(handle), "accepted byte round trips");
                } else {
                    vm.expectRevert(
                        abi.encodeWithSelector(
                            IKithProfiles.InvalidHandleCharacter.selector, index, bytes1(uint8(value))
                        )
                    );
                    kith.register(string(handle), address(0), 0);
                }
            }
        }
        // 26 letters first; 26 letters + 10 digits + "_" later.
        assertEq(kith.profileCount(), 26 + 37, "accepted bytes");
    }

    function test_Register_RevertWhen_HandleEmpty() public {
        _expectRegisterRevert("", abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 0));
    }

    function test_Register_RevertWhen_HandleTooShort() public {
        _expectRegisterRevert("ab", abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 2));
    }

    function test_Register_RevertWhen_HandleTooLong() public {
        _expectRegisterRevert(
            "abcdefghijklmnopq", abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 17)
        );
    }

    function test_Register_RevertWhen_HandleStartsWithDigit() public {
        _expectRegisterRevert(
            "1alice", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 0, bytes1("1"))
        );
    }

    function test_Register_RevertWhen_HandleStartsWithUnderscore() public {
        _expectRegisterRevert(
            "_alice", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 0, bytes1("_"))
        );
    }

    function test_Register_RevertWhen_HandleHasUppercase() public {
        _expectRegisterRevert(
            "aLice", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 1, bytes1("L"))
        );
    }

    function test_Register_RevertWhen_HandleHasNonAsciiByte() public {
        _expectRegisterRevert(
            unicode"café", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 3, bytes1(0xc3))
        );
    }

    function test_Register_RevertWhen_HandleHasNulByte() public {
        _expectRegisterRevert(
            "ab\x00", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 2, bytes1(0x00))
        );
    }

    function test_Register_RevertWhen_HandleInvalid_NamesFirstBadByte() public {
        _expectRegisterRevert(
            "a-b.C", abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 1, bytes1("-"))
        );
    }

    function test_Register_RevertWhen_HandleTaken() public {
        _register(alice, "alice", guardian);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.HandleTaken.selector, "alice", 1));
        kith.register("alice", bob, 0);

        assertEq(kith.profileCount(), 1, "no new profile");
        assertEq(kith.custodyOf(1), alice, "holder keeps custody");
        assertEq(kith.recoveryOf(1), guardian, "holder keeps recovery");
        assertEq(kith.custodyOf(2), address(0), "id 2 unused");
    }

    function testFuzz_Register_HandleRoundTrip(uint256 seed) public {
        string memory handle = _validHandle(seed);
        uint256 profileId = _register(alice, handle);

        assertEq(kith.handleOf(profileId), handle, "handleOf");
        assertEq(kith.profileIdOf(handle), profileId, "profileIdOf");
    }

    /// @dev The packing is one-to-one: a different handle is free, registrable and maps back to itself.
    function testFuzz_Register_DistinctHandlesDoNotCollide(uint256 seedA, uint256 seedB) public {
        string memory handleA = _validHandle(seedA);
        string memory handleB = _validHandle(seedB);
        vm.assume(keccak256(bytes(handleA)) != keccak256(bytes(handleB)));

        uint256 idA = _register(alice, handleA);
        assertEq(kith.profileIdOf(handleB), 0, "other handle is free");
        uint256 idB = _register(bob, handleB);

        assertEq(kith.profileIdOf(handleA), idA);
        assertEq(kith.profileIdOf(handleB), idB);
        assertEq(kith.handleOf(idA), handleA);
        assertEq(kith.handleOf(idB), handleB);
    }

    /// @dev A registered handle with one byte replaced by a byte not allowed at that position is
    ///      rejected with that position, and never resolves to the registered profile.
    function testFuzz_Register_RevertWhen_InvalidCharacter(uint256 seed, uint256 index, uint8 badByte) public {
        bytes memory handle = bytes(_validHandle(seed));
        _register(alice, string(handle));
        index = bound(index, 0, handle.length - 1);
        while (_isHandleByte(bytes1(badByte), index)) {
            unchecked {
                badByte += 41; // coprime with 256: cycles through every byte value
            }
        }
        handle[index] = bytes1(badByte);

        assertEq(kith.profileIdOf(string(handle)), 0, "invalid handle resolves to no profile");
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, index, bytes1(badByte))
        );
        kith.register(string(handle), address(0), 0);
        assertEq(kith.profileCount(), 1, "no new profile");
    }

    /// @dev Lengths outside 3..16 are rejected; a too-long handle does not resolve to the profile
    ///      holding its first 16 characters.
    function testFuzz_Register_RevertWhen_InvalidLength(uint256 length, uint256 seed) public {
        length = bound(length, 0, 50);
        if (length >= 3 && length <= 16) length += 14;
        bytes memory handle = _validHandleBytes(seed, length);
        if (length > 16) {
            bytes memory prefix = new bytes(16);
            for (uint256 i; i < 16; ++i) {
                prefix[i] = handle[i];
            }
            _register(alice, string(prefix));
        }
        uint256 countBefore = kith.profileCount();

        assertEq(kith.profileIdOf(string(handle)), 0, "invalid length resolves to no profile");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, length));
        kith.register(string(handle), address(0), 0);
        assertEq(kith.profileCount(), countBefore, "no new profile");
    }

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    function test_Views_ReturnZeroForUnknownProfile() public {
        _register(alice, "alice", guardian);
        for (uint256 profileId; profileId < 3; profileId += 2) {
            assertEq(kith.custodyOf(profileId), address(0), "custody");
            assertEq(kith.recoveryOf(profileId), address(0), "recovery");
            assertEq(kith.handleOf(profileId), "", "handle");
            assertEq(kith.pendingCustodyOf(profileId), address(0), "pending");
        }
    }

    function test_ProfileIdOf_ReturnsZeroForFreeHandle() public {
        _register(alice, "alice");
        assertEq(kith.profileIdOf("alicf"), 0);
        assertEq(kith.profileIdOf("alice_"), 0);
        assertEq(kith.profileIdOf("alic"), 0);
    }

    function test_ProfileIdOf_ReturnsZeroForInvalidHandle() public {
        _register(alice, "alice");
        assertEq(kith.profileIdOf("alice"), 1, "the valid spelling resolves");
        assertEq(kith.profileIdOf("Alice"), 0, "uppercase");
        assertEq(kith.profileIdOf("ALICE"), 0, "all uppercase");
        assertEq(kith.profileIdOf(""), 0, "empty");
        assertEq(kith.profileIdOf("al"), 0, "too short");
        assertEq(kith.profileIdOf("alice\x00"), 0, "trailing NUL");
        assertEq(kith.profileIdOf("aliceaaaaaaaaaaaa"), 0, "17 bytes");
    }

    /*//////////////////////////////////////////////////////////////
                              CHANGE HANDLE
    //////////////////////////////////////////////////////////////*/

    function test_ChangeHandle_EmitsHandleChanged() public {
        uint256 profileId = _register(alice, "alice");

        vm.expectEmit(address(kith));
        emit IKithProfiles.HandleChanged(profileId, "alice_v2");
        vm.prank(alice);
        kith.changeHandle(profileId, "alice_v2");
    }

    function test_ChangeHandle_FreesOldHandle() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.changeHandle(profileId, "alice_v2");

        assertEq(kith.handleOf(profileId), "alice_v2", "handleOf");
        assertEq(kith.profileIdOf("alice_v2"), profileId, "new handle resolves");
        assertEq(kith.profileIdOf("alice"), 0, "old handle is free");
        assertEq(kith.custodyOf(profileId), alice, "custody unchanged");

        uint256 bobId = _register(bob, "alice");
        assertEq(kith.profileIdOf("alice"), bobId, "someone else can take the old handle");
    }

    function test_ChangeHandle_MovesRecoveryAlong() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.changeHandle(profileId, "alice_v2");

        assertEq(kith.recoveryOf(profileId), guardian, "recovery follows the profile");

        vm.prank(guardian);
        kith.recover(profileId, bob);
        assertEq(kith.custodyOf(profileId), bob, "recovery still works");
    }

    function test_ChangeHandle_OldHandleTakerDoesNotInheritRecovery() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.changeHandle(profileId, "alice_v2");
        uint256 bobId = _register(bob, "alice");

        assertEq(kith.recoveryOf(bobId), address(0), "new holder of the old handle");
        assertEq(kith.recoveryOf(profileId), guardian, "original profile");
    }

    function test_ChangeHandle_ThenChangeRecovery_KeepsOldHandleFree() public {
        uint256 profileId = _register(alice, "alice");
        vm.startPrank(alice);
        kith.changeHandle(profileId, "alice_v2");
        kith.changeRecovery(profileId, guardian);
        vm.stopPrank();

        assertEq(kith.profileIdOf("alice"), 0, "old handle stays free");
        assertEq(kith.profileIdOf("alice_v2"), profileId);
        assertEq(kith.recoveryOf(profileId), guardian);
    }

    function test_ChangeHandle_CanReclaimOwnOldHandle() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.startPrank(alice);
        kith.changeHandle(profileId, "alice_v2");
        kith.changeHandle(profileId, "alice");
        vm.stopPrank();

        assertEq(kith.handleOf(profileId), "alice");
        assertEq(kith.profileIdOf("alice"), profileId);
        assertEq(kith.profileIdOf("alice_v2"), 0);
        assertEq(kith.recoveryOf(profileId), guardian);
    }

    function test_ChangeHandle_RevertWhen_NotCustody() public {
        uint256 profileId = _register(alice, "alice", guardian);

        // Not even the recovery address may rename the profile.
        address[2] memory callers = [mallory, guardian];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, callers[i]));
            kith.changeHandle(profileId, "stolen");
        }

        assertEq(kith.handleOf(profileId), "alice");
        assertEq(kith.profileIdOf("stolen"), 0);
    }

    function test_ChangeHandle_RevertWhen_UnknownProfile() public {
        _register(alice, "alice");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 2));
        kith.changeHandle(2, "ghost");

        assertEq(kith.profileIdOf("ghost"), 0);
    }

    function test_ChangeHandle_RevertWhen_HandleTaken() public {
        uint256 aliceId = _register(alice, "alice");
        uint256 bobId = _register(bob, "bob");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.HandleTaken.selector, "bob", bobId));
        kith.changeHandle(aliceId, "bob");

        assertEq(kith.handleOf(aliceId), "alice");
        assertEq(kith.profileIdOf("alice"), aliceId);
        assertEq(kith.profileIdOf("bob"), bobId);
    }

    /// @dev Renaming to the current handle is refused as taken (by the profile itself).
    function test_ChangeHandle_RevertWhen_SameHandle() public {
        uint256 profileId = _register(alice, "alice", guardian);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.HandleTaken.selector, "alice", profileId));
        kith.changeHandle(profileId, "alice");

        assertEq(kith.profileIdOf("alice"), profileId);
        assertEq(kith.recoveryOf(profileId), guardian);
    }

    function test_ChangeHandle_RevertWhen_InvalidHandle() public {
        uint256 profileId = _register(alice, "alice");

        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidHandleLength.selector, 2));
        kith.changeHandle(profileId, "al");
        vm.expectRevert(
            abi.encodeWithSelector(IKithProfiles.InvalidHandleCharacter.selector, 5, bytes1("!"))
        );
        kith.changeHandle(profileId, "alice!");
        vm.stopPrank();

        assertEq(kith.handleOf(profileId), "alice");
        assertEq(kith.profileIdOf("alice"), profileId);
    }

    /*//////////////////////////////////////////////////////////////
                                 METADATA
    //////////////////////////////////////////////////////////////*/

    function test_ChangeMetadata_EmitsMetadataChanged() public {
        uint256 profileId = _register(alice, "alice");
        bytes32 newHash = 0x390f32a6e1d6f4bfdf98e247d5f67df24a7354d37c11b3204fb1c1caff3b6513; // sha256("kith profile metadata v2")

        vm.expectEmit(address(kith));
        emit IKithProfiles.MetadataChanged(profileId, newHash);
        vm.prank(alice);
        kith.changeMetadata(profileId, newHash);
    }

    function test_ChangeMetadata_RevertWhen_NotCustody() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, mallory));
        kith.changeMetadata(profileId, bytes32(uint256(1)));
    }

    function test_ChangeMetadata_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 1));
        kith.changeMetadata(1, bytes32(uint256(1)));
    }

    /*//////////////////////////////////////////////////////////////
                              OFFER TRANSFER
    //////////////////////////////////////////////////////////////*/

    function test_OfferTransfer_EmitsTransferOffered() public {
        uint256 profileId = _register(alice, "alice");

        vm.expectEmit(address(kith));
        emit IKithProfiles.TransferOffered(profileId, alice, bob);
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);
    }

    function test_OfferTransfer_SetsPendingButKeepsCustody() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        assertEq(kith.pendingCustodyOf(profileId), bob, "pending");
        assertEq(kith.custodyOf(profileId), alice, "custody unchanged until accepted");

        // Until bob accepts, alice still acts for the profile.
        vm.prank(alice);
        kith.changeMetadata(profileId, bytes32(uint256(2)));
    }

    function test_OfferTransfer_ReplacesEarlierOffer() public {
        uint256 profileId = _register(alice, "alice");
        vm.startPrank(alice);
        kith.offerTransfer(profileId, bob);
        kith.offerTransfer(profileId, carol);
        vm.stopPrank();

        assertEq(kith.pendingCustodyOf(profileId), carol);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, bob));
        kith.acceptTransfer(profileId);
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_OfferTransfer_RevertWhen_NotCustody() public {
        uint256 profileId = _register(alice, "alice", guardian);

        // The recovery address moves custody with `recover`, never through an offer.
        address[2] memory callers = [mallory, guardian];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, callers[i]));
            kith.offerTransfer(profileId, callers[i]);
        }
        assertEq(kith.pendingCustodyOf(profileId), address(0));
    }

    function test_OfferTransfer_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 7));
        kith.offerTransfer(7, bob);
        assertEq(kith.pendingCustodyOf(7), address(0));
    }

    function test_OfferTransfer_RevertWhen_ToZeroAddress() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidCustody.selector, address(0)));
        kith.offerTransfer(profileId, address(0));
    }

    function test_OfferTransfer_RevertWhen_ToCurrentCustody() public {
        uint256 profileId = _register(alice, "alice");
        vm.startPrank(alice);
        kith.offerTransfer(profileId, bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidCustody.selector, alice));
        kith.offerTransfer(profileId, alice);
        vm.stopPrank();

        assertEq(kith.pendingCustodyOf(profileId), bob, "earlier offer kept");
    }

    /*//////////////////////////////////////////////////////////////
                             CANCEL TRANSFER
    //////////////////////////////////////////////////////////////*/

    function test_CancelTransfer_EmitsTransferCancelled() public {
        uint256 profileId = _register(alice, "alice");
        vm.startPrank(alice);
        kith.offerTransfer(profileId, bob);

        vm.expectEmit(address(kith));
        emit IKithProfiles.TransferCancelled(profileId);
        kith.cancelTransfer(profileId);
        vm.stopPrank();
    }

    function test_CancelTransfer_RecipientCanNoLongerAccept() public {
        uint256 profileId = _register(alice, "alice");
        vm.startPrank(alice);
        kith.offerTransfer(profileId, bob);
        kith.cancelTransfer(profileId);
        vm.stopPrank();

        assertEq(kith.pendingCustodyOf(profileId), address(0));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, bob));
        kith.acceptTransfer(profileId);
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_CancelTransfer_RevertWhen_NotCustody() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        // Not even the recipient can withdraw the offer.
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, bob));
        kith.cancelTransfer(profileId);

        assertEq(kith.pendingCustodyOf(profileId), bob);
    }

    function test_CancelTransfer_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 3));
        kith.cancelTransfer(3);
    }

    /*//////////////////////////////////////////////////////////////
                             ACCEPT TRANSFER
    //////////////////////////////////////////////////////////////*/

    function test_AcceptTransfer_EmitsCustodyTransferred() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        vm.expectEmit(address(kith));
        emit IKithProfiles.CustodyTransferred(profileId, alice, bob);
        vm.prank(bob);
        kith.acceptTransfer(profileId);
    }

    function test_AcceptTransfer_MovesCustodyAndDropsOffer() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);
        vm.prank(bob);
        kith.acceptTransfer(profileId);

        assertEq(kith.custodyOf(profileId), bob, "new custody");
        assertEq(kith.pendingCustodyOf(profileId), address(0), "offer consumed");
        assertEq(kith.handleOf(profileId), "alice", "handle unchanged");
        assertEq(kith.profileIdOf("alice"), profileId, "handle still resolves");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, alice));
        kith.changeMetadata(profileId, bytes32(uint256(1)));

        vm.prank(bob);
        kith.changeMetadata(profileId, bytes32(uint256(1)));

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, bob));
        kith.acceptTransfer(profileId);
    }

    function test_AcceptTransfer_KeepsRecovery() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);
        vm.prank(bob);
        kith.acceptTransfer(profileId);

        assertEq(kith.recoveryOf(profileId), guardian, "recovery survives the transfer");
        vm.prank(guardian);
        kith.recover(profileId, carol);
        assertEq(kith.custodyOf(profileId), carol, "and can still recover");
    }

    function test_AcceptTransfer_RevertWhen_NotPendingRecipient() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        address[3] memory callers = [mallory, alice, guardian];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, callers[i])
            );
            kith.acceptTransfer(profileId);
        }

        assertEq(kith.custodyOf(profileId), alice);
        assertEq(kith.pendingCustodyOf(profileId), bob, "offer still open");
    }

    function test_AcceptTransfer_RevertWhen_NoOffer() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, bob));
        kith.acceptTransfer(profileId);
    }

    function test_AcceptTransfer_RevertWhen_UnknownProfile() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, 5, bob));
        kith.acceptTransfer(5);
        assertEq(kith.custodyOf(5), address(0));
    }

    function testFuzz_AcceptTransfer_OnlyPendingRecipient(address caller) public {
        vm.assume(caller != bob);
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, caller));
        kith.acceptTransfer(profileId);
        assertEq(kith.custodyOf(profileId), alice);
        assertEq(kith.pendingCustodyOf(profileId), bob);
    }

    /*//////////////////////////////////////////////////////////////
                             CHANGE RECOVERY
    //////////////////////////////////////////////////////////////*/

    function test_ChangeRecovery_EmitsRecoveryChanged() public {
        uint256 profileId = _register(alice, "alice");

        vm.expectEmit(address(kith));
        emit IKithProfiles.RecoveryChanged(profileId, guardian);
        vm.prank(alice);
        kith.changeRecovery(profileId, guardian);

        assertEq(kith.recoveryOf(profileId), guardian);
        assertEq(kith.profileIdOf("alice"), profileId, "handle record intact");
    }

    function test_ChangeRecovery_ToZeroDisablesRecovery() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.changeRecovery(profileId, address(0));

        assertEq(kith.recoveryOf(profileId), address(0));
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotRecovery.selector, profileId, guardian));
        kith.recover(profileId, guardian);
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_ChangeRecovery_RevertWhen_NotCustody() public {
        uint256 profileId = _register(alice, "alice", guardian);

        // The recovery address cannot replace itself: only the custody sets it.
        address[2] memory callers = [mallory, guardian];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, callers[i]));
            kith.changeRecovery(profileId, mallory);
        }
        assertEq(kith.recoveryOf(profileId), guardian);
    }

    function test_ChangeRecovery_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 1));
        kith.changeRecovery(1, guardian);
        assertEq(kith.recoveryOf(1), address(0));
    }

    /*//////////////////////////////////////////////////////////////
                                 RECOVER
    //////////////////////////////////////////////////////////////*/

    function test_Recover_EmitsRecovered() public {
        uint256 profileId = _register(alice, "alice", guardian);

        vm.expectEmit(address(kith));
        emit IKithProfiles.Recovered(profileId, alice, bob);
        vm.prank(guardian);
        kith.recover(profileId, bob);
    }

    function test_Recover_MovesCustodyKeepsRecovery() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(guardian);
        kith.recover(profileId, bob);

        assertEq(kith.custodyOf(profileId), bob, "custody");
        assertEq(kith.recoveryOf(profileId), guardian, "recovery unchanged");
        assertEq(kith.handleOf(profileId), "alice", "handle unchanged");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, alice));
        kith.changeRecovery(profileId, alice);
    }

    function test_Recover_DropsPendingOffer() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.offerTransfer(profileId, mallory);
        vm.prank(guardian);
        kith.recover(profileId, bob);

        assertEq(kith.pendingCustodyOf(profileId), address(0), "offer dropped");
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NoPendingTransfer.selector, profileId, mallory));
        kith.acceptTransfer(profileId);
        assertEq(kith.custodyOf(profileId), bob);
    }

    function test_Recover_ToRecoveryAddressItself() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(guardian);
        kith.recover(profileId, guardian);
        assertEq(kith.custodyOf(profileId), guardian);
    }

    function test_Recover_RevertWhen_NotRecovery() public {
        uint256 profileId = _register(alice, "alice", guardian);

        // The custody is not the recovery address either.
        address[2] memory callers = [mallory, alice];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotRecovery.selector, profileId, callers[i]));
            kith.recover(profileId, bob);
        }
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_Recover_RevertWhen_NoRecoverySet() public {
        uint256 profileId = _register(alice, "alice");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotRecovery.selector, profileId, alice));
        kith.recover(profileId, bob);
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_Recover_RevertWhen_ToZeroAddress() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidCustody.selector, address(0)));
        kith.recover(profileId, address(0));
        assertEq(kith.custodyOf(profileId), alice);
    }

    function test_Recover_RevertWhen_ToCurrentCustody() public {
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);

        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.InvalidCustody.selector, alice));
        kith.recover(profileId, alice);

        assertEq(kith.custodyOf(profileId), alice);
        assertEq(kith.pendingCustodyOf(profileId), bob, "offer untouched");
    }

    function test_Recover_RevertWhen_UnknownProfile() public {
        _register(alice, "alice", guardian);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 2));
        kith.recover(2, bob);
        assertEq(kith.custodyOf(2), address(0));
    }

    function testFuzz_Recover_OnlyRecovery(address caller, address to) public {
        vm.assume(caller != guardian && to != address(0) && to != alice);
        uint256 profileId = _register(alice, "alice", guardian);

        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotRecovery.selector, profileId, caller));
        kith.recover(profileId, to);
        assertEq(kith.custodyOf(profileId), alice);

        vm.prank(guardian);
        kith.recover(profileId, to);
        assertEq(kith.custodyOf(profileId), to);
    }

    /*//////////////////////////////////////////////////////////////
                              AUTHORIZATION
    //////////////////////////////////////////////////////////////*/

    /// @dev Every custody-only profile action refuses any other caller and changes nothing.
    function testFuzz_OnlyCustodyMayManageProfile(address caller) public {
        vm.assume(caller != alice);
        uint256 profileId = _register(alice, "alice", guardian);
        vm.prank(alice);
        kith.offerTransfer(profileId, bob);
        bytes memory notAuthorized = abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, profileId, caller);

        vm.startPrank(caller);
        vm.expectRevert(notAuthorized);
        kith.changeHandle(profileId, "taken_over");
        vm.expectRevert(notAuthorized);
        kith.changeMetadata(profileId, bytes32(uint256(1)));
        vm.expectRevert(notAuthorized);
        kith.offerTransfer(profileId, mallory);
        vm.expectRevert(notAuthorized);
        kith.cancelTransfer(profileId);
        vm.expectRevert(notAuthorized);
        kith.changeRecovery(profileId, mallory);
        vm.stopPrank();

        assertEq(kith.handleOf(profileId), "alice");
        assertEq(kith.custodyOf(profileId), alice);
        assertEq(kith.pendingCustodyOf(profileId), bob);
        assertEq(kith.recoveryOf(profileId), guardian);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Registers `handle` as alice expecting `revertData`, and checks nothing was created.
    function _expectRegisterRevert(string memory handle, bytes memory revertData) private {
        vm.prank(alice);
        vm.expectRevert(revertData);
        kith.register(handle, guardian, METADATA_HASH);
        assertEq(kith.profileCount(), 0, "no profile created");
        assertEq(kith.custodyOf(1), address(0), "id 1 unused");
    }
}
